import Glibc

/// Files created, moved and removed, for the database maintenance commands: a backup is written
/// under a temporary name and moved into place only when complete and checked.
extension FileSystem {
    /// Whether anything (a file, a folder, a dangling link) exists at `path`.
    public static func exists(_ path: String) -> Bool {
        var status = stat()
        return lstat(path, &status) == 0
    }

    /// The size of the file in bytes.
    public static func size(_ path: String) throws(SystemError) -> Int {
        var status = stat()
        guard stat(path, &status) == 0 else { throw SystemError.last("stat", path) }
        return Int(status.st_size)
    }

    /// Moves `source` to `destination`, replacing nothing: fails with EEXIST when `destination`
    /// exists, also when it appeared a moment ago (link is atomic where a check-then-rename is
    /// not). Both must be on the same file system.
    public static func moveWithoutReplacing(_ source: String, to destination: String) throws(SystemError) {
        guard link(source, destination) == 0 else { throw SystemError.last("link", destination) }
        guard unlink(source) == 0 else { throw SystemError.last("unlink", source) }
    }

    /// Renames `source` to `destination`, replacing it if it exists.
    public static func rename(_ source: String, to destination: String) throws(SystemError) {
        guard Glibc.rename(source, destination) == 0 else { throw SystemError.last("rename", "\(source) to \(destination)") }
    }

    /// Removes the file; a missing one is not an error.
    public static func remove(_ path: String) throws(SystemError) {
        guard unlink(path) == 0 || errno == ENOENT else { throw SystemError.last("unlink", path) }
    }

    /// Flushes the file (or folder: what a rename changed) to disk.
    public static func sync(_ path: String) throws(SystemError) {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw SystemError.last("open", path) }
        defer { close(descriptor) }
        guard fsync(descriptor) == 0 else { throw SystemError.last("fsync", path) }
    }
}
