-- The sandbox's string.find/match/gmatch/gsub (budgeted matcher) against the stock ones, median
-- of 7 interleaved rounds each; prints "case|ours ms|stock ms|ratio" and checks the results agree.
local s = string.rep("key-12 = value; name=alpha beta  ", 20000)
local cases = {
  { "gmatch captures", function(str) local n = 0 for k, v in str.gmatch(s, "(%w+%-%d+) = (%w+);") do n = n + 1 end return n end },
  { "gsub %d+", function(str) local _, c = str.gsub(s, "%d+", "#") return c end },
  { "find plain-ish", function(str) local n, i = 0, 1 while true do local a, b = str.find(s, "alpha", i, true) if not a then break end n = n + 1 i = b + 1 end return n end },
  { "match anchored trim", function(str) local n = 0 for i = 1, 200000 do if str.match("  hello world  ", "^%s*(.-)%s*$") then n = n + 1 end end return n end },
  { "find with class set", function(str) local n = 0 for i = 1, 200000 do if str.find("acs:ram::2000000000000001:role/AliyunECSDiskEncryptDefaultRole", "^acs:ram::(%d+):role/([%w%-_]+)$") then n = n + 1 end end return n end },
}
local function time(f, str) local t = os.clock() local r = f(str) return os.clock() - t, r end
for _, c in ipairs(cases) do
  local ours, theirs = {}, {}
  for round = 1, 7 do
    local a, ra = time(c[2], string); local b, rb = time(c[2], stock.string or stock)
    assert(ra == rb, c[1] .. ": results differ")
    ours[#ours + 1] = a; theirs[#theirs + 1] = b
  end
  table.sort(ours); table.sort(theirs)
  print(string.format("%s|%.1f|%.1f|%.2f", c[1], ours[4] * 1000, theirs[4] * 1000, ours[4] / theirs[4]))
end
