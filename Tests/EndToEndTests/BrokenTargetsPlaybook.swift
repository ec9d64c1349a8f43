/// A playbook over member accounts `2000000000000001…` whose one step fails for an account listed in
/// `broken.txt` beside it (one per line): `<id> <code>` fails with that code, a bare `<id>` with
/// `Test.Broken`. A test "fixes" an account by rewriting the file, then resumes.
enum BrokenTargetsPlaybook {
    /// The account ids of a playbook over `count` targets.
    static func targets(_ count: Int) -> [Int] { (1...count).map { 2_000_000_000_000_000 + $0 } }

    /// The playbook's text: `count` targets named `<prefix><id % 100>`, `staging` fields spliced in.
    static func source(count: Int, namePrefix: String, staging: String) -> String {
        let targets = targets(count).map { #"{ id = "\#($0)", name = "\#(namePrefix)\#($0 % 100)" }"# }
            .joined(separator: ", ")
        return """
            return {
              owner = "1000000000000001", region = "cn-hangzhou",
              targets = { \(targets) },
              \(staging)
              steps = { function(ctx)
                local file = io.open(ctx.playbook_dir .. "/broken.txt", "r")
                local text = file and file:read("a") or ""
                if file then file:close() end
                local code = text:match(ctx.target.id .. " (%S+)")
                if not code and text:find(ctx.target.id, 1, true) then code = "Test.Broken" end
                if code then error({ code = code, message = "account " .. ctx.target.id .. " is broken" }) end
                ctx.change("touched " .. ctx.target.id)
              end },
            }
            """
    }
}
