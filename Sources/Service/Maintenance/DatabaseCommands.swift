import Configuration
import Storage

/// `wxhook backup` and `wxhook restore`: the engine of the configured database, and the one line
/// each prints. The commands themselves live in the engine (`StoreMaintenance`).
public enum DatabaseCommands {
    /// The maintenance of the configured database (the composition root's engine choice, as
    /// `WebhookService.openStore` is for serving), or why the command is not wxhook's to do.
    static func maintenance(for configuration: Configuration, command: String) throws(MaintenanceError)
        -> any StoreMaintenance {
        switch configuration.database {
        case .sqlite(let path): SQLiteMaintenance(databasePath: path)
        case .postgres(let url): throw .postgresTools(database: url.description, command: command)
        }
    }

    /// Copies the database to `target`; the line to print, or the one-line reason it failed.
    public static func backup(to target: String, configuration: Configuration) -> Result<String, MaintenanceError> {
        Result { () throws(MaintenanceError) in
            let report = try maintenance(for: configuration, command: "backup").backup(to: target)
            return "backup \(report.target): \(report.summary.description), "
                + "from \(configuration.databasePath) in \(seconds(report.seconds)) s"
        }
    }

    /// Replaces the database with the backup at `source`; the line to print, or why not.
    public static func restore(from source: String, configuration: Configuration) -> Result<String, MaintenanceError> {
        Result { () throws(MaintenanceError) in
            let report = try maintenance(for: configuration, command: "restore").restore(from: source)
            let kept = report.keptAs.map { "; the replaced database is \($0)" } ?? ""
            return "restored \(report.database) from \(source): \(report.summary.description)\(kept)"
        }
    }

    private static func seconds(_ value: Double) -> String {
        let hundredths = Int((value * 100).rounded())
        return "\(hundredths / 100).\(hundredths % 100 < 10 ? "0" : "")\(hundredths % 100)"
    }
}
