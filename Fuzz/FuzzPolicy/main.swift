// Policy documents arrive from playbooks, world files and API callers (CreatePolicy, PutKeyPolicy).
// Input: one kind byte, then the document text. Parsing must answer a PolicyError or a document,
// and evaluating any parsed document against fixed requests must answer a decision.
import CloudModel
import FuzzSupport

/// The fixed requests every parsed document is evaluated against: another account's role using
/// the key, the owner's user, and an assume-role call, with a context that conditions can read.
private let requests: [AccessRequest] = {
    let owner = AccountID("1111111111111111")
    let sharee = AccountID("2222222222222222")
    guard let owner, let sharee else { return [] }
    let key = ResourceName.key("key-hzz630494463ejqjx0001", region: "cn-hangzhou", account: owner)
    let context = [
        "acs:SourceIp": ["10.1.2.3"], "acs:SecureTransport": ["true"],
        "acs:CurrentTime": ["2026-06-01T00:00:00Z"], "kms:tag/team": ["storage", "ops"],
    ]
    return [
        AccessRequest(
            principal: .assumedRole(sharee, roleName: "AliyunECSDiskEncryptDefaultRole", sessionName: "ecs"),
            action: "kms:Decrypt", resource: key, context: context),
        AccessRequest(
            principal: .assumedRole(owner, roleName: "admin", sessionName: "s"),
            action: "kms:PutKeyPolicy", resource: key),
        AccessRequest(
            principal: .assumedRole(sharee, roleName: "deployer", sessionName: "d"),
            action: "sts:AssumeRole", resource: .role("keyshare-grant", in: owner), context: context),
    ]
}()

@_cdecl("LLVMFuzzerTestOneInput")
func fuzzPolicy(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
    guard var input = FuzzInput(start, count) else { return -1 }
    let kind = input.pick(PolicyKind.allCases)
    guard let document = try? PolicyDocument.parse(input.remainingText(), kind: kind) else { return 0 }
    // What the simulator stores and answers is the canonical text: it must parse to the same document
    // (unless canonical escapes push it over the size limit) and decide every request the same way.
    let canonical = document.canonicalJSON
    var reparsed: PolicyDocument?
    do {
        reparsed = try PolicyDocument.parse(canonical, kind: kind)
    } catch {
        precondition(kind.sizeUnit.length(of: canonical) > kind.sizeLimit, "canonical text does not parse: \(error)")
    }
    if let reparsed { precondition(reparsed.canonicalJSON == canonical, "canonical text is not stable") }
    let sources = [PolicySource(name: "fuzzed", document: document)]
    for request in requests {
        let decision = PolicyEvaluator.evaluate(request, against: sources)
        if let reparsed {
            precondition(
                PolicyEvaluator.evaluate(request, against: [PolicySource(name: "fuzzed", document: reparsed)])
                    == decision, "the canonical text decides differently")
        }
        _ = PolicyEvaluator.evaluate(request, against: sources, assuming: .favourAccess)
        _ = PolicyEvaluator.evaluate(request, against: sources, assuming: .opposeAccess)
        for statement in document.statements {
            _ = PolicyEvaluator.missingConditionKeys(statement, kind: kind, to: request)
        }
    }
    return 0
}

FuzzDriver.run(fuzzPolicy)
