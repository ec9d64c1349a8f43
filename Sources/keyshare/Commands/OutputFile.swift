import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where a command writes a file the user named (`sim init --output`): a regular file or a new
/// one. An atomic write renames a temporary file over the path, so a device (`/dev/full`), a FIFO
/// or a symlink there would be replaced by a plain file: devices and FIFOs are refused, and a
/// symlink is written through to its target, which stays a link.
enum OutputFile {
    /// The file to write for `path`: itself when new or regular, a symlink's final target.
    ///
    /// - Throws: `StartFailure` naming `option`, the path and the fix, for a folder, a FIFO, a
    ///   device or socket, a symlink that leads nowhere, or a missing folder.
    static func regularFile(_ path: String, option: String) throws -> URL {
        guard !path.isEmpty else { throw StartFailure("\(option) is empty; pass a file path such as world.yaml.") }
        let url = URL(fileURLWithPath: path)
        var entry = stat()
        guard lstat(url.path, &entry) == 0 else {
            var folder = stat()
            let parent = url.deletingLastPathComponent().path
            guard stat(parent, &folder) == 0, (folder.st_mode & S_IFMT) == S_IFDIR else {
                throw StartFailure("\(option) \(path): the folder \(parent) does not exist; create it or pass another file.")
            }
            return url
        }
        var target = stat()
        guard stat(url.path, &target) == 0 else {
            throw StartFailure(
                "\(option) \(path): a symbolic link that leads nowhere (\(String(cString: strerror(errno)))); "
                    + "pass the real file or another path.")
        }
        switch target.st_mode & S_IFMT {
        case S_IFREG:
            return url.resolvingSymlinksInPath()
        case S_IFDIR:
            throw StartFailure("\(option) \(path) is a folder; name a file in it, e.g. \(path)/world.yaml.")
        default:
            throw StartFailure(
                "\(option) \(path) is not a regular file (a FIFO, device or socket); keyshare leaves it "
                    + "untouched: pass a file path, or leave out \(option) to print to standard output.")
        }
    }

    /// The system's reason for a failed write, without Foundation's "The operation could not be completed".
    static func reason(_ error: any Error) -> String {
        if let underlying = (error as NSError).userInfo[NSUnderlyingErrorKey] as? NSError,
            underlying.domain == NSPOSIXErrorDomain
        {
            return String(cString: strerror(Int32(truncatingIfNeeded: underlying.code)))
        }
        return error.localizedDescription
    }
}
