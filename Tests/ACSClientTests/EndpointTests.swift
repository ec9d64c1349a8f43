import ACSClient
import CloudAPI
import CloudModel
import Testing

@Suite("Endpoints")
struct EndpointTests {
    @Test(
        "each product resolves to its public endpoint for the region",
        arguments: [
            (CloudProduct.kms, "cn-hangzhou", "kms.cn-hangzhou.aliyuncs.com"),
            (.kms, "ap-southeast-1", "kms.ap-southeast-1.aliyuncs.com"),
            (.ecs, "cn-beijing", "ecs.cn-beijing.aliyuncs.com"),
            (.ram, "cn-beijing", "ram.aliyuncs.com"),
            (.resourceManager, "eu-central-1", "resourcemanager.aliyuncs.com"),
            (.sts, "cn-shanghai", "sts.cn-shanghai.aliyuncs.com"),
            (.sts, "", "sts.aliyuncs.com"),
            (.resourceSharing, "cn-hangzhou", "resourcesharing.cn-hangzhou.aliyuncs.com"),
        ])
    func publicEndpoints(product: CloudProduct, region: String, host: String) throws {
        let endpoint = try EndpointResolver().endpoint(for: product, region: RegionID(region))
        #expect(endpoint == Endpoint(scheme: "https", host: host))
        #expect(endpoint.baseURL == "https://\(host)")
    }

    @Test("an override sends every product and region to one place")
    func overrideWins() throws {
        let override = try Endpoint(parsing: "http://127.0.0.1:8080")
        #expect(override == Endpoint(scheme: "http", host: "127.0.0.1", port: 8080))
        #expect(override.hostHeader == "127.0.0.1:8080")
        let resolver = EndpointResolver(override: override)
        for product in CloudProduct.allCases {
            #expect(try resolver.endpoint(for: product, region: "cn-shanghai") == override)
        }
    }

    @Test("override URLs parse with or without port and trailing slash")
    func overrideForms() throws {
        #expect(try Endpoint(parsing: "https://kms.example.com/") == Endpoint(host: "kms.example.com"))
        #expect(try Endpoint(parsing: "HTTP://localhost:9") == Endpoint(scheme: "http", host: "localhost", port: 9))
    }

    @Test(
        "bad override URLs are refused with the input and the fix",
        arguments: [
            "127.0.0.1:8080", "ftp://host", "http://host:99999", "http://host:port", "http://host/path", "http://",
            "http://host?x=1",
        ])
    func badOverride(text: String) {
        let error = #expect(throws: ClientConfigurationError.self) { try Endpoint(parsing: text) }
        #expect(error?.input == "--endpoint \(text)")
        #expect(error?.fix.contains("http://127.0.0.1:8080") == true)
    }

    @Test("a regional product refuses an empty or malformed region", arguments: ["", "cn-hangzhou.evil.com", "CN", "a/b"])
    func badRegion(region: String) {
        #expect(throws: ClientConfigurationError.self) {
            try EndpointResolver().endpoint(for: .kms, region: RegionID(region))
        }
    }
}
