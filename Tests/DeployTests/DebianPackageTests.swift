import Foundation
import Testing
import TestSupport

/// `deploy/package-deb.sh`: the package's files, modes, conffiles and control data, checked with
/// `dpkg-deb` on a package built around a tiny stand-in binary (a release build is far too slow
/// for every `swift test`). `WXHOOK_TEST_DEB=1` runs the real thing: `deploy/build.sh`, then the
/// package of the real binary.
@Suite struct DebianPackageTests {
    /// The repository's root, from this file's place in it.
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    struct Run {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    static func run(_ executable: String, _ arguments: [String], environment: [String: String]? = nil) async throws -> Run {
        try await offPool {
            let result = try ChildProcess.run(executable: executable, arguments: arguments, environment: environment,
                                              directory: root)
            return Run(status: result.status, stdout: String(decoding: result.stdout, as: UTF8.self),
                       stderr: String(decoding: result.stderr, as: UTF8.self))
        }
    }

    static var hasDpkgDeb: Bool { FileManager.default.isExecutableFile(atPath: "/usr/bin/dpkg-deb") }

    /// Builds the package of `binary` into a fresh folder; returns the folder and the .deb's path.
    static func package(binary: String, version: String?) async throws -> (folder: String, deb: String) {
        let folder = NSTemporaryDirectory() + "wxhook-deb-\(UUID().uuidString)"
        var arguments = [root + "/deploy/package-deb.sh", "--binary", binary, "--out", folder]
        if let version { arguments += ["--version", version] }
        let built = try await run("/bin/sh", arguments)
        #expect(built.status == 0, "\(built.stderr)")
        let deb = try #require(try FileManager.default.contentsOfDirectory(atPath: folder).first { $0.hasSuffix(".deb") })
        return (folder, folder + "/" + deb)
    }

    @Test(.enabled(if: hasDpkgDeb)) func thePackageHoldsTheBinaryTheUnitTheConfigAndTheRules() async throws {
        let folder = NSTemporaryDirectory() + "wxhook-fake-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let binary = folder + "/wxhook"
        try "#!/bin/sh\necho 9.8.7\n".write(toFile: binary, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: binary)

        let (out, deb) = try await Self.package(binary: binary, version: nil)
        defer { try? FileManager.default.removeItem(atPath: out) }
        #expect(deb.hasSuffix("/wxhook_9.8.7_amd64.deb"), "the version is the binary's own")

        let listing = try await Self.run("/usr/bin/dpkg-deb", ["-c", deb]).stdout
        func entry(_ path: String) -> String? {
            listing.split(separator: "\n").map(String.init).first { $0.hasSuffix(" ./" + path) }
        }
        #expect(entry("usr/bin/wxhook")?.hasPrefix("-rwxr-xr-x root/root") == true, "\(listing)")
        #expect(entry("etc/wxhook/wxhook.json")?.hasPrefix("-rw-r----- root/root") == true, "\(listing)")
        for unit in ["wxhook.service", "wxhook-backup.service", "wxhook-backup.timer"] {
            #expect(entry("lib/systemd/system/" + unit) != nil, "no \(unit)")
        }
        let rules = try FileManager.default.contentsOfDirectory(atPath: Self.root + "/Rules").filter { $0.hasSuffix(".json") }
        #expect(!rules.isEmpty)
        for rule in rules { #expect(entry("etc/wxhook/Rules/" + rule) != nil, "no sample rule \(rule)") }
        #expect(entry("usr/share/doc/wxhook/operations.md") != nil)

        let control = try await Self.run("/usr/bin/dpkg-deb", ["-f", deb]).stdout
        for field in ["Package: wxhook", "Version: 9.8.7", "Architecture: amd64"] {
            #expect(control.contains(field + "\n"), "\(control)")
        }
        #expect(control.contains("Depends: libc6, libsqlite3-0, adduser"), "\(control)")
        let conffiles = try await Self.run("/usr/bin/dpkg-deb", ["-I", deb, "conffiles"]).stdout
        #expect(conffiles.split(separator: "\n").contains("/etc/wxhook/wxhook.json"), "\(conffiles)")
        let postinst = try await Self.run("/usr/bin/dpkg-deb", ["-I", deb, "postinst"]).stdout
        #expect(postinst.contains("adduser --system") && postinst.contains("chown root:wxhook /etc/wxhook/wxhook.json"))

        // The unit as installed: hardened, and valid where systemd can say so.
        let extracted = out + "/root"
        #expect(try await Self.run("/usr/bin/dpkg-deb", ["-x", deb, extracted]).status == 0)
        let unit = try String(contentsOfFile: extracted + "/lib/systemd/system/wxhook.service", encoding: .utf8)
        for line in ["ExecStart=/usr/bin/wxhook serve ", "User=wxhook", "StateDirectory=wxhook", "ProtectSystem=strict",
                     "NoNewPrivileges=yes", "PrivateTmp=yes", "RestrictAddressFamilies=AF_INET AF_INET6 AF_UNIX"] {
            #expect(unit.contains("\n" + line), "the unit lacks \(line)")
        }
        try await Self.verify(unit: unit, named: "wxhook.service", binary: binary, in: out)
        // The backup job and its timer verify too (the timer needs its service beside it).
        for name in ["wxhook-backup.service", "wxhook-backup.timer"] {
            let text = try String(contentsOfFile: extracted + "/lib/systemd/system/" + name, encoding: .utf8)
            try await Self.verify(unit: text, named: name, binary: binary, in: out)
        }
    }

    /// `systemd-analyze verify`, where it exists, on the unit with its binary pointed at one
    /// that exists here (verify insists that ExecStart is executable).
    static func verify(unit: String, named name: String, binary: String, in folder: String) async throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/systemd-analyze") else { return }
        let path = folder + "/" + name
        try unit.replacingOccurrences(of: "/usr/bin/wxhook", with: binary).write(toFile: path, atomically: true, encoding: .utf8)
        let verified = try await run("/usr/bin/systemd-analyze", ["verify", path])
        #expect(verified.status == 0, "\(verified.stderr)")
        #expect(!verified.stderr.contains(name + ":"), "\(verified.stderr)")
    }

    @Test(.enabled(if: ProcessInfo.processInfo.environment["WXHOOK_TEST_DEB"] == "1" && hasDpkgDeb),
          .timeLimit(.minutes(30)))
    func theReleaseBinaryNeedsOnlySystemLibrariesAndIsPackaged() async throws {
        let built = try await Self.run("/bin/sh", [Self.root + "/deploy/build.sh"])
        #expect(built.status == 0, "\(built.stderr)")
        let binary = Self.root + "/dist/wxhook"
        let libraries = try await Self.run("/usr/bin/ldd", [binary]).stdout
        #expect(!libraries.contains("libswift") && !libraries.contains("not found"), "\(libraries)")
        let (out, deb) = try await Self.package(binary: binary, version: nil)
        defer { try? FileManager.default.removeItem(atPath: out) }
        let control = try await Self.run("/usr/bin/dpkg-deb", ["-f", deb, "Depends"]).stdout
        #expect(control.contains("libsqlite3-0"))
    }
}
