/// The ECS request types.
package enum ECSOperations {
    /// Every ECS operation keyshare knows.
    package static let all: [any CloudRequest.Type] = CloudOperations.all(of: .ecs)
}

/// A tag as ECS answers it (`TagKey`/`TagValue`); requests use ``KeyValueTag`` (`Tag.N.Key`).
package struct ResourceTag: Codable, Sendable, Hashable {
    package var tagKey: String
    package var tagValue: String
    enum CodingKeys: String, CodingKey {
        case tagKey = "TagKey"
        case tagValue = "TagValue"
    }
    /// Creates a tag.
    package init(tagKey: String, tagValue: String) {
        self.tagKey = tagKey
        self.tagValue = tagValue
    }
}

/// The `Tags` wrapper of ECS answers: `{"Tag":[…]}`.
package struct ResourceTags: Codable, Sendable, Hashable {
    package var tag: [ResourceTag]
    enum CodingKeys: String, CodingKey { case tag = "Tag" }
    /// Wraps the list.
    package init(tag: [ResourceTag]) { self.tag = tag }
}
