import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Alibaba's timestamp spellings, formatted without `DateFormatter` (cheap and thread-safe).
enum Timestamp {
    /// `YYYY-MM-DDTHH:MM:SSZ`, used by RAM, KMS, STS and ECS.
    static func seconds(_ date: Date) -> String {
        let (parts, _) = components(date)
        return parts + "Z"
    }

    /// `YYYY-MM-DDTHH:MM:SS.sssZ`, used by ResourceManager.
    static func milliseconds(_ date: Date) -> String {
        let (parts, millis) = components(date)
        return parts + "." + pad(millis, 3) + "Z"
    }

    /// `YYYY-MM-DDTHH:MMZ`, the ECS filter and creation-time form.
    static func minutes(_ date: Date) -> String {
        let (parts, _) = components(date)
        return String(parts.dropLast(3)) + "Z"
    }

    private static func components(_ date: Date) -> (String, Int) {
        let interval = date.timeIntervalSince1970
        let whole = interval.rounded(.down)
        var seconds = time_t(whole)
        var broken = tm()
        gmtime_r(&seconds, &broken)
        let millis = min(999, Int(((interval - whole) * 1000).rounded(.down)))
        let text =
            pad(Int(broken.tm_year) + 1900, 4) + "-" + pad(Int(broken.tm_mon) + 1, 2) + "-"
            + pad(Int(broken.tm_mday), 2) + "T" + pad(Int(broken.tm_hour), 2) + ":" + pad(Int(broken.tm_min), 2)
            + ":" + pad(Int(broken.tm_sec), 2)
        return (text, millis)
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }
}
