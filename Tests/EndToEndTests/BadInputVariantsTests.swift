import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

private let variantsPlaybook = packageRoot.appendingPathComponent("plugins/ecs-key-sharing/examples/share-disk-key.lua").path

/// A secret planted in the files and variables of a case; no output may contain it.
private let plantedSecret = "PlantedSecretValue9f3Kq"

/// One command line that must exit 2 within its time, naming its input, never echoing the secret.
struct BadInputVariant: CustomTestStringConvertible, Sendable {
    /// What the case is about.
    var name: String
    /// The words after `keyshare`; `FILE` is the share playbook, `DIR` the case's folder.
    var words: [String]
    /// A fragment standard error must contain.
    var names: String
    /// Variables set for the run; `DIR` in a value is the case's folder.
    var environment: [String: String] = [:]
    var testDescription: String { name }
}

/// Variants of the "fail loudly" classes the first table missed: `--param` words without a name,
/// state, lock and reporter paths that are FIFOs or symlinks leading nowhere (which hung the run,
/// or had keyshare delete the user's link), and http-backend credentials that cannot be used
/// (which exited 1 as if a target had failed).
@Suite(
    "Bad input variants: params, special files, credentials",
    .enabled(if: keyshareBinaryExists, "skipped: build the binary first (swift build --product keyshare)"))
struct BadInputVariantsTests {
    static let cases: [BadInputVariant] = [
        BadInputVariant(name: "--param = (no name, no value)", words: ["run", "FILE", "--param", "="], names: "--param '='"),
        BadInputVariant(
            name: "--param =value (no name)", words: ["run", "FILE", "--param", "=fd-dev"], names: "--param '=fd-dev'"),
        BadInputVariant(name: "--param == (no name)", words: ["run", "--param==", "FILE"], names: "--param '='"),
        BadInputVariant(name: "--param ==x (no name)", words: ["run", "FILE", "--param", "==x"], names: "--param '==x'"),
        BadInputVariant(
            name: "--state twice", words: ["run", "--state", "DIR/a.sqlite", "FILE", "--state", "DIR/b.sqlite"],
            names: "--state is given twice"),
        BadInputVariant(
            name: "--world twice, once with =", words: ["run", "--world=DIR/w1.yaml", "FILE", "--world", "DIR/w2.yaml"],
            names: "--world is given twice"),
        BadInputVariant(
            name: "--concurrency twice", words: ["run", "--concurrency", "2", "--concurrency=3", "FILE"],
            names: "--concurrency is given twice"),
        BadInputVariant(
            name: "serve --port twice", words: ["serve", "--port", "0", "--port", "0"], names: "--port is given twice"),
        BadInputVariant(
            name: "sim init --output twice", words: ["sim", "init", "--output", "DIR/o1.yaml", "--output", "DIR/o2.yaml"],
            names: "--output is given twice"),
        BadInputVariant(
            name: "--region with a space", words: ["run", "FILE", "--region", "cn hangzhou"], names: "--region \"cn hangzhou\""),
        BadInputVariant(name: "--region with a path", words: ["run", "--region=../x", "FILE"], names: "is not a region ID"),
        BadInputVariant(
            name: "--region in capitals", words: ["run", "FILE", "--region", "CN-HANGZHOU"], names: "is not a region ID"),
        BadInputVariant(
            name: "--region with a control character", words: ["run", "FILE", "--region", "cn-\u{1B}[31m"],
            names: "\\u{1B}"),
        BadInputVariant(
            name: "ALIBABA_CLOUD_REGION_ID junk", words: ["run", "FILE"], names: "ALIBABA_CLOUD_REGION_ID",
            environment: ["ALIBABA_CLOUD_REGION_ID": "cn-hangzhou/../x"]),
        BadInputVariant(name: "--state is a FIFO", words: ["run", "FILE", "--state", "DIR/fifo"], names: "not a regular file"),
        BadInputVariant(
            name: "--state is /dev/zero", words: ["run", "FILE", "--state", "/dev/zero"], names: "not a regular file"),
        BadInputVariant(
            name: "--state is a dangling symlink", words: ["run", "FILE", "--state", "DIR/dangling"],
            names: "symbolic link that leads nowhere"),
        BadInputVariant(
            name: "--state is a symlink loop", words: ["run", "FILE", "--state", "DIR/loop-a"],
            names: "symbolic link that leads nowhere"),
        BadInputVariant(
            name: "the state's lock file is a symlink to another file",
            words: ["run", "FILE", "--state", "DIR/linked.sqlite"], names: "is a symbolic link"),
        BadInputVariant(
            name: "the state's lock file is a FIFO", words: ["run", "FILE", "--state", "DIR/piped.sqlite"],
            names: "not a regular file"),
        BadInputVariant(
            name: "the state's lock file is a folder", words: ["run", "FILE", "--state", "DIR/foldered.sqlite"],
            names: "foldered.sqlite.lock"),
        BadInputVariant(
            name: "serve on a FIFO state", words: ["serve", "--port", "0", "--state", "DIR/fifo"],
            names: "not a regular file"),
        BadInputVariant(
            name: "serve: the state's nonce file is a FIFO", words: ["serve", "--port", "0", "--state", "DIR/n1.sqlite"],
            names: "replay-protection file"),
        BadInputVariant(
            name: "serve: the state's nonce file is a folder", words: ["serve", "--port", "0", "--state", "DIR/n2.sqlite"],
            names: "replay-protection file"),
        BadInputVariant(
            name: "serve: the state's nonce file is a link to a text file",
            words: ["serve", "--port", "0", "--state", "DIR/n3.sqlite"], names: "replay-protection file"),
        BadInputVariant(
            name: "a reporter file that is a FIFO nobody reads", words: ["run", "FILE", "--reporter", "json=DIR/fifo"],
            names: "FIFO that no process reads"),
        BadInputVariant(
            name: "a reporter file that is a symlink loop", words: ["run", "FILE", "--reporter", "json=DIR/loop-a"],
            names: "symbolic link that leads nowhere"),
        BadInputVariant(
            name: "http: only the access key id variable", words: ["run", "FILE", "--backend", "http"],
            names: "ALIBABA_CLOUD_ACCESS_KEY_ID",
            environment: ["ALIBABA_CLOUD_ACCESS_KEY_ID": "KSAK1", "HOME": "DIR/home-none"]),
        BadInputVariant(
            name: "http: only the secret variable", words: ["run", "FILE", "--backend", "http"],
            names: "ALIBABA_CLOUD_ACCESS_KEY_SECRET",
            environment: ["ALIBABA_CLOUD_ACCESS_KEY_SECRET": plantedSecret, "HOME": "DIR/home-none"]),
        BadInputVariant(
            name: "http: no credentials anywhere", words: ["run", "FILE", "--backend", "http"],
            names: "credentials", environment: ["HOME": "DIR/home-none"]),
        BadInputVariant(
            name: "http: a malformed config.json holding a secret", words: ["run", "FILE", "--backend", "http"],
            names: "config.json", environment: ["HOME": "DIR/home-malformed"]),
        BadInputVariant(
            name: "http: a profile without its access key id", words: ["run", "FILE", "--backend", "http"],
            names: "access_key_id", environment: ["HOME": "DIR/home-incomplete"]),
        BadInputVariant(
            name: "http: --profile that does not exist", words: ["run", "FILE", "--backend", "http", "--profile", "nope"],
            names: "'nope'", environment: ["HOME": "DIR/home-incomplete"]),
        BadInputVariant(
            name: "http: an endpoint nobody listens on",
            words: ["run", "FILE", "--backend", "http", "--endpoint", "http://127.0.0.1:9"],
            names: "GetCallerIdentity",
            environment: ["ALIBABA_CLOUD_ACCESS_KEY_ID": "KSAK1", "ALIBABA_CLOUD_ACCESS_KEY_SECRET": plantedSecret]),
    ]

    /// The case's folder: a FIFO, symlinks that lead nowhere, state files whose lock path is taken
    /// by a symlink, a FIFO or a folder, and homes with unusable CLI configurations.
    private func fixture() throws -> URL {
        let folder = try temporaryFolder("keyshare-bad-variants")
        let files = FileManager.default
        #if canImport(Glibc)
        _ = mkfifo(folder.appendingPathComponent("fifo").path, 0o644)
        _ = mkfifo(folder.appendingPathComponent("piped.sqlite.lock").path, 0o644)
        _ = mkfifo(folder.appendingPathComponent("n1.sqlite.nonces").path, 0o644)
        #endif
        try files.createDirectory(at: folder.appendingPathComponent("n2.sqlite.nonces"), withIntermediateDirectories: true)
        try files.createSymbolicLink(
            atPath: folder.appendingPathComponent("n3.sqlite.nonces").path,
            withDestinationPath: folder.appendingPathComponent("precious.txt").path)
        try files.createSymbolicLink(
            atPath: folder.appendingPathComponent("dangling").path, withDestinationPath: "/nonexistent/state")
        try files.createSymbolicLink(atPath: folder.appendingPathComponent("loop-a").path, withDestinationPath: "loop-b")
        try files.createSymbolicLink(atPath: folder.appendingPathComponent("loop-b").path, withDestinationPath: "loop-a")
        try "keep me\n".write(to: folder.appendingPathComponent("precious.txt"), atomically: true, encoding: .utf8)
        try files.createSymbolicLink(
            atPath: folder.appendingPathComponent("linked.sqlite.lock").path,
            withDestinationPath: folder.appendingPathComponent("precious.txt").path)
        try files.createDirectory(at: folder.appendingPathComponent("foldered.sqlite.lock"), withIntermediateDirectories: true)
        for home in ["home-none", "home-malformed", "home-incomplete"] {
            try files.createDirectory(at: folder.appendingPathComponent("\(home)/.aliyun"), withIntermediateDirectories: true)
        }
        try "{\"profiles\": [{\"access_key_secret\": \"\(plantedSecret)\"".write(
            to: folder.appendingPathComponent("home-malformed/.aliyun/config.json"), atomically: true, encoding: .utf8)
        try """
        {"current": "default", "profiles": [{"name": "default", "mode": "AK", "access_key_secret": "\(plantedSecret)"}]}
        """.write(to: folder.appendingPathComponent("home-incomplete/.aliyun/config.json"), atomically: true, encoding: .utf8)
        return folder
    }

    private func substitute(_ word: String, folder: URL) -> String {
        word.replacingOccurrences(of: "FILE", with: variantsPlaybook).replacingOccurrences(of: "DIR", with: folder.path)
    }

    @Test(
        "each variant exits 2 in time, names its input, echoes no secret and leaves links and files alone",
        arguments: cases)
    func refused(_ input: BadInputVariant) async throws {
        let folder = try fixture()
        defer { try? FileManager.default.removeItem(at: folder) }
        let invocation = KeyshareInvocation(
            arguments: input.words.map { substitute($0, folder: folder) },
            environment: input.environment.mapValues { substitute($0, folder: folder) },
            // Credentials of the machine running the tests never leak into a case.
            removing: [
                "ALIBABA_CLOUD_ACCESS_KEY_ID", "ALIBABA_CLOUD_ACCESS_KEY_SECRET", "ALIBABA_CLOUD_SECURITY_TOKEN",
                "ALIBABA_CLOUD_PROFILE",
            ].filter { input.environment[$0] == nil },
            timeout: 60)
        // A --state this case names that did not exist must not exist afterwards either.
        let newState = invocation.arguments.firstIndex(of: "--state").map { invocation.arguments[$0 + 1] }
            .flatMap { FileManager.default.fileExists(atPath: $0) ? nil : $0 }
        let outcome = try #require(try await keyshareUnlessHung(invocation), "the run hung")
        if let newState {
            #expect(!FileManager.default.fileExists(atPath: newState), "\(newState) was left behind")
        }
        #expect(outcome.status == 2, "\(outcome.errors)")
        #expect(outcome.errors.contains(input.names), "\(outcome.errors)")
        #expect(!(outcome.output + outcome.errors).contains(plantedSecret))
        #expect(!outcome.errors.contains("Fatal error"))
        // The user's links and files are as they were: nothing was created, followed or deleted.
        for link in ["dangling", "loop-a", "loop-b", "linked.sqlite.lock", "n3.sqlite.nonces"] {
            #expect(
                (try? FileManager.default.destinationOfSymbolicLink(atPath: folder.appendingPathComponent(link).path)) != nil,
                "\(link) was removed")
        }
        #expect(try String(contentsOf: folder.appendingPathComponent("precious.txt"), encoding: .utf8) == "keep me\n")
        #expect(!FileManager.default.fileExists(atPath: "/nonexistent/state"))
    }
}
