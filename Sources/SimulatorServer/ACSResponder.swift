import ACSWire
import CloudAPI
import CloudModel
import Foundation
import Hummingbird
import Logging

/// The one endpoint of the simulator server: every product and action, V3 or V1 signed, GET or
/// POST, answered by any `Cloud` in Alibaba's envelopes.
///
/// Never crashes on input: every failure becomes an error envelope; a non-`CloudError` thrown by
/// the cloud is a 500 `InternalError` whose details stay in the log. Logs one line per request.
/// A `keyshare.ConnectionDropped` error (injected faults) closes the connection without an answer.
package struct ACSResponder: HTTPResponder {
    package typealias Context = ACSRequestContext

    private let cloud: any Cloud
    private let authenticator: RequestAuthenticator
    private let options: SimulatorOptions
    private let logger: Logger

    /// Creates the responder serving `cloud`, authenticating against `credentials`.
    package init(
        cloud: any Cloud, credentials: any CredentialStore, options: SimulatorOptions = .init(),
        logger: Logger
    ) {
        self.cloud = cloud
        self.authenticator = RequestAuthenticator(credentials: credentials, options: options)
        self.options = options
        self.logger = logger
    }

    package func respond(to request: Request, context: ACSRequestContext) async throws -> Response {
        let started = ContinuousClock.now
        let requestID = UUID().uuidString
        var record = RequestRecord(requestID: requestID)
        // Until the request parses whole, its format is read from the raw query and headers.
        var headerTable = [String: String]()
        for field in request.headers { headerTable[field.name.canonicalName] = field.value }
        record.format = WireFormat(
            format: WireFormat.formatParameter(inRawQuery: request.uri.query ?? ""),
            headers: headerTable)
        let hostID = Self.hostID(authority: request.head.authority, localAddress: context.localAddress)
        let answer: ACSHTTPResponse
        do {
            answer = try await handle(request, sourceIP: context.sourceIP, record: &record)
        } catch let error as CloudError where error.isConnectionDropped {
            // The cloud simulated a dropped connection (before or after applying the call): the
            // client gets no answer at all, exactly as when a real connection breaks.
            record.code = error.code
            record.log(to: logger, duration: ContinuousClock.now - started)
            await context.dropConnection()
            return Response(status: .internalServerError)
        } catch let error as CloudError {
            var stamped = error
            if stamped.requestID == nil { stamped.requestID = requestID }
            if stamped.hostID == nil { stamped.hostID = hostID }
            record.code = stamped.code
            answer = ErrorEnvelope.response(for: stamped, product: record.product, format: record.format)
        } catch {
            record.code = "InternalError"
            record.detail = String(describing: type(of: error))
            let internalError = CloudError(
                code: "InternalError",
                message: "The request processing has failed due to some unknown error.",
                httpStatus: 500, requestID: requestID, hostID: hostID)
            answer = ErrorEnvelope.response(for: internalError, product: record.product, format: record.format)
        }
        record.status = answer.status
        record.log(to: logger, duration: ContinuousClock.now - started)
        return Self.response(answer, requestID: requestID)
    }

    private func handle(_ request: Request, sourceIP: String?, record: inout RequestRecord) async throws
        -> ACSHTTPResponse
    {
        guard request.method == .get || request.method == .post else {
            throw CloudError(
                code: "UnsupportedHTTPMethod",
                message: "The HTTP method \(request.method.rawValue) is not supported; send GET or POST.",
                httpStatus: 403)
        }
        var request = request
        let body: ByteBuffer
        do {
            body = try await request.collectBody(upTo: options.maxBodyBytes)
        } catch {
            throw CloudError.bodyTooLarge(limit: options.maxBodyBytes)
        }
        var headers = request.headers.map { ($0.name.canonicalName, $0.value) }
        // HTTP/1's Host header arrives as the request's authority; V3 signs it as `host`.
        if let authority = request.head.authority { headers.append(("host", authority)) }
        let wire = try ACSHTTPRequest(
            method: request.method.rawValue, path: request.uri.path, rawQuery: request.uri.query ?? "",
            headers: headers, body: Array(body.readableBytesView))
        record.format = WireFormat(requestedBy: wire)
        let claim = try SignatureClaim(wire)
        let parameters = wire.parameters
        let (action, version) = try Self.route(wire, claim: claim, parameters: parameters)
        record.action = action
        let operation = try OperationCodec.operation(version: version, action: action)
        record.product = operation.product
        let caller = try await authenticator.authenticate(wire, claim: claim)
        record.account = caller.principal.accountID?.rawValue
        let context = CallContext(
            principal: caller.principal, region: region(of: wire, parameters: parameters),
            requestID: record.requestID, secureTransport: false, sourceIP: sourceIP)
        return try await OperationCodec.decodeAndSend(
            operation, parameters: parameters, cloud: cloud,
            context: context, requestID: record.requestID,
            format: record.format)
    }

    /// The envelope's `HostId`: the endpoint the caller addressed (its `Host`), as Alibaba names
    /// the endpoint that answered; the listening address when the header is absent or not a
    /// plausible host (it is echoed, so it must not carry arbitrary text).
    static func hostID(authority: String?, localAddress: String?) -> String {
        if let authority, (1...255).contains(authority.utf8.count),
            authority.utf8.allSatisfy({ byte in
                switch byte {
                case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                    UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: "-"), UInt8(ascii: ":"),
                    UInt8(ascii: "["), UInt8(ascii: "]"), UInt8(ascii: "_"):
                    true
                default:
                    false
                }
            })
        {
            return authority
        }
        return localAddress ?? "keyshare-simulator"
    }

    /// Action and version from the signed place: V3 headers, or V1 parameters.
    private static func route(
        _ wire: ACSHTTPRequest, claim: SignatureClaim,
        parameters: [String: String]
    ) throws -> (String, String) {
        let action = claim.scheme == .acs3 ? wire.headers["x-acs-action"] : parameters["Action"]
        let version = claim.scheme == .acs3 ? wire.headers["x-acs-version"] : parameters["Version"]
        guard let action, !action.isEmpty else { throw CloudError.missingParameter("Action") }
        guard let version, !version.isEmpty else { throw CloudError.missingParameter("Version") }
        return (action, version)
    }

    /// `RegionId` when sent, else the region in a `<product>.<region>.aliyuncs.com` host, else the default.
    private func region(of wire: ACSHTTPRequest, parameters: [String: String]) -> RegionID {
        if let region = parameters["RegionId"], !region.isEmpty { return RegionID(region) }
        if let host = wire.headers["host"]?.split(separator: ":").first, host.hasSuffix(".aliyuncs.com") {
            let labels = host.split(separator: ".")
            if labels.count == 4, labels[1].contains("-") { return RegionID(String(labels[1])) }
        }
        return options.defaultRegion
    }

    private static func response(_ answer: ACSHTTPResponse, requestID: String) -> Response {
        var headers = HTTPFields()
        for (name, value) in answer.headers {
            if let field = HTTPFields.Element.Name(name) { headers[field] = value }
        }
        if let field = HTTPFields.Element.Name("x-acs-request-id") { headers[field] = requestID }
        return Response(
            status: .init(code: answer.status), headers: headers,
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: answer.body)))
    }
}
