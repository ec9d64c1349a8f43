import Foundation
import Runner
import Testing

/// The repository's `plugins/` folder, found from this file.
let pluginsFolder: URL = {
    var url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    while url.path != "/" && !FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) {
        url.deleteLastPathComponent()
    }
    return url.appendingPathComponent("plugins")
}()

@Suite("Binding stubs")
struct BindingStubsTests {
    /// `function kms.create_key(` names declared in a stub file.
    private func declaredFunctions(_ text: String) -> Set<String> {
        var names = Set<String>()
        for line in text.split(separator: "\n") where line.hasPrefix("function ") {
            let rest = line.dropFirst("function ".count)
            if let paren = rest.firstIndex(of: "(") { names.insert(String(rest[..<paren])) }
        }
        return names
    }

    @Test("every binding has a stub in plugins/_meta/keyshare.lua and every stub has a binding")
    func stubsMatchBindings() throws {
        let file = try String(contentsOf: pluginsFolder.appendingPathComponent("_meta/keyshare.lua"), encoding: .utf8)
        let stubs = declaredFunctions(file)
        var bindings = Set(BindingCatalog.cloud.map(\.fullName))
        for (module, names) in HelperModules.names { for name in names { bindings.insert("\(module).\(name)") } }
        for module in BindingCatalog.cloudModules { bindings.insert("\(module).\(BatchBinding.name)") }
        let missingStubs = bindings.subtracting(stubs).sorted()
        let missingBindings = stubs.subtracting(bindings).sorted()
        #expect(
            missingStubs.isEmpty,
            "bindings without a stub: \(missingStubs); run `keyshare plugins stubs > plugins/_meta/keyshare.lua`")
        #expect(missingBindings.isEmpty, "stubs without a binding: \(missingBindings)")
    }

    @Test("the committed stub file is exactly what the binding table renders")
    func stubFileIsCurrent() throws {
        let file = try String(contentsOf: pluginsFolder.appendingPathComponent("_meta/keyshare.lua"), encoding: .utf8)
        #expect(file == BindingStubs.render(), "regenerate with `keyshare plugins stubs > plugins/_meta/keyshare.lua`")
    }

    @Test("every operation of CloudOperations.all has exactly one binding, named mechanically")
    func oneBindingPerOperation() {
        let names = BindingCatalog.cloud.map(\.fullName)
        #expect(Set(names).count == names.count)
        #expect(names.contains("kms.create_key"))
        #expect(names.contains("kms.get_kms_instance_quota_infos"))
        #expect(names.contains("ecs.modify_image_share_permission"))
        #expect(names.contains("resourcemanager.list_accounts"))
    }
}

@Suite("Wire names")
struct WireNameTests {
    @Test(
        "wire names become snake_case mechanically, acronyms included",
        arguments: [
            ("CreateKey", "create_key"), ("DKMSInstanceId", "dkms_instance_id"), ("KMSKeyId", "kms_key_id"),
            ("VSwitchId", "v_switch_id"), ("GetKmsInstanceQuotaInfos", "get_kms_instance_quota_infos"),
            ("RegionId", "region_id"), ("AliyunId", "aliyun_id"),
        ])
    func snakeCase(wire: String, lua: String) {
        #expect(WireName.snakeCase(wire) == lua)
    }

    @Test("the nearest valid name is offered for a typo, nothing for a stranger")
    func nearest() {
        #expect(WireName.nearest(to: "key_idd", in: ["key_id", "policy"]) == "key_id")
        #expect(WireName.nearest(to: "completely_else", in: ["key_id", "policy"]) == nil)
    }
}
