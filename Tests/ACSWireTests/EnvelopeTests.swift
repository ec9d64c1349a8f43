import CloudAPI
import Foundation
import Testing

@testable import ACSWire

@Suite("Error and success envelopes")
struct EnvelopeTests {
    static let errors: [(CloudError, CloudProduct?)] = [
        (
            CloudError(
                code: "EntityNotExist.Role", message: "The role not exists: AliyunECSDiskEncryptDefaultRole.",
                httpStatus: 404, requestID: "7A3C4E2B-0000-4000-8000-00000000ABCD", hostID: "ram.aliyuncs.com"), .ram
        ),
        (
            CloudError(
                code: "Rejected.ShareQuotaExceedLimit", message: "share quota exceed limit", httpStatus: 400,
                requestID: "r-quota", hostID: "kms.cn-hangzhou.aliyuncs.com"), .kms
        ),
        (
            CloudError(
                code: "Throttling", message: "Request was denied due to request throttling.", httpStatus: 400,
                requestID: "r-ra", retryAfterMilliseconds: 1500), .kms
        ),
        (
            CloudError(
                code: "Rejected.Throttling", message: "QPS Limit Exceeded", httpStatus: 429, requestID: "r-1",
                retryAfterMilliseconds: 0), .kms
        ),
        (
            CloudError(
                code: "ServiceUnavailable", message: "The request has failed due to a temporary failure of the server.",
                httpStatus: 503, requestID: "r-503"), .ecs
        ),
        (
            CloudError(
                code: "InvalidParameter.KMSKeyId.CMKUnauthorized", message: "The CMK needs to be added ECS tag",
                httpStatus: 403, requestID: "r-3", hostID: "ecs.cn-hangzhou.aliyuncs.com"), .ecs
        ),
        (
            CloudError(
                code: "NoPermission", message: "You are not authorized to do this action. \"quotes\" / ünïcode",
                httpStatus: 403, requestID: "r-4"), .sts
        ),
        (
            CloudError(
                code: "EntityNotExists.Account", message: "The account does not exist.", httpStatus: 404,
                requestID: "r-5"), .resourceManager
        ),
        (CloudError(code: "InvalidParameter.Resources", message: "bad", httpStatus: 400, requestID: "r-6"), .resourceSharing),
        (CloudError.signatureDoesNotMatch(stringToSign: "ACS3-HMAC-SHA256\nabc").with(requestID: "r-7"), nil),
        (CloudError.accessKeyNotFound.with(requestID: "r-8"), nil),
        (CloudError(code: "InternalError", message: "", httpStatus: 500), .ram),
    ]

    @Test("Every error survives encode then decode unchanged", arguments: 0..<errors.count)
    func errorRoundTrip(index: Int) throws {
        let (error, product) = Self.errors[index]
        let answer = ErrorEnvelope.response(for: error, product: product)
        #expect(answer.status == error.httpStatus)
        #expect(answer.headers["content-type"] == "application/json;charset=utf-8")
        let decoded = ErrorEnvelope.cloudError(status: answer.status, headers: answer.headers, body: answer.body)
        #expect(decoded == error)
    }

    @Test("The envelope carries RequestId, HostId, Code, Message, Recommend; KMS adds HttpStatus")
    func envelopeFields() throws {
        let (error, _) = Self.errors[1]
        let kms =
            try JSONSerialization.jsonObject(with: Data(ErrorEnvelope.response(for: error, product: .kms).body)) as? [String: Any]
        #expect(kms?["RequestId"] as? String == "r-quota")
        #expect(kms?["HostId"] as? String == "kms.cn-hangzhou.aliyuncs.com")
        #expect(kms?["Code"] as? String == "Rejected.ShareQuotaExceedLimit")
        #expect(kms?["HttpStatus"] as? Int == 400)
        #expect(
            kms?["Recommend"] as? String == "https://api.aliyun.com/troubleshoot?q=Rejected.ShareQuotaExceedLimit&product=Kms")
        let ram =
            try JSONSerialization.jsonObject(with: Data(ErrorEnvelope.response(for: Self.errors[0].0, product: .ram).body))
            as? [String: Any]
        #expect(ram?["HttpStatus"] == nil)
        #expect(ram?["Recommend"] as? String == "https://api.aliyun.com/troubleshoot?q=EntityNotExist.Role&product=Ram")
    }

    @Test(
        "Only KMS repeats the status in the body, in JSON and XML; an unknown product does not",
        arguments: CloudProduct.allCases.map(Optional.some) + [nil], [WireFormat.json, .xml])
    func statusInBody(product: CloudProduct?, format: WireFormat) {
        let error = CloudError(code: "Forbidden.NoPermission", message: "denied", httpStatus: 403, requestID: "r-s")
        let body = String(decoding: ErrorEnvelope.response(for: error, product: product, format: format).body, as: UTF8.self)
        let carries = format == .json ? body.contains(#""HttpStatus":403"#) : body.contains("<HttpStatus>403</HttpStatus>")
        #expect(carries == (product == .kms))
        #expect(body.contains("HttpStatus") == (product == .kms))
    }

    @Test("A throttling error answers with x-acs-retry-after")
    func retryHeader() {
        let answer = ErrorEnvelope.response(for: Self.errors[2].0, product: .kms)
        #expect(answer.headers["x-acs-retry-after"] == "1500")
        #expect(ErrorEnvelope.response(for: Self.errors[0].0, product: .ram).headers["x-acs-retry-after"] == nil)
    }

    @Test("A success body is the response's JSON with RequestId added, and decodes back")
    func success() throws {
        let response = CreateDiskResponse(diskID: "d-123")
        let answer = try SuccessEnvelope.response(response, requestID: "REQ-1")
        let object = try JSONSerialization.jsonObject(with: Data(answer.body)) as? [String: Any]
        #expect(object?["DiskId"] as? String == "d-123")
        #expect(object?["RequestId"] as? String == "REQ-1")
        #expect(try ACSResponseParser.decode(CreateDiskRequest.self, from: answer) == response)
        #expect(RequestIDProbe.requestID(in: answer.body) == "REQ-1")
    }

    @Test("An empty response is just the request id")
    func emptyResponse() throws {
        let answer = try SuccessEnvelope.response(EmptyResponse(), requestID: "REQ-2")
        #expect(String(decoding: answer.body, as: UTF8.self) == #"{"RequestId":"REQ-2"}"#)
    }

    @Test("The parser turns error answers into CloudError, and non-Alibaba bodies into UnknownError")
    func parserErrors() {
        let answer = ErrorEnvelope.response(for: Self.errors[0].0, product: .ram)
        let error = #expect(throws: CloudError.self) { try ACSResponseParser.decode(CreateDiskRequest.self, from: answer) }
        #expect(error == Self.errors[0].0)
        let proxy = ACSHTTPResponse(status: 502, headers: [:], body: Array("<html>bad gateway</html>".utf8))
        let unknown = #expect(throws: CloudError.self) { try ACSResponseParser.decode(CreateDiskRequest.self, from: proxy) }
        #expect(unknown?.code == "UnknownError")
        #expect(unknown?.httpStatus == 502)
        let garbage = ACSHTTPResponse(status: 200, headers: [:], body: Array("{}".utf8))
        let invalid = #expect(throws: CloudError.self) { try ACSResponseParser.decode(CreateDiskRequest.self, from: garbage) }
        #expect(invalid?.code == "InvalidResponse")
    }
}
