import Configuration
import Core
import Testing

/// Secrets never appear in an error message or a description of the configuration (how a
/// `Secret` itself prints is tested in CoreTests).
@Suite struct SecretTests {
    @Test func descriptionsRedactEverySecret() throws {
        let configuration = try makeLoader(files: ["wxhook.json": contractExample], directories: ["Rules"]).load()
        var dumped = ""
        dump(configuration, to: &dumped)
        let texts = [configuration.description, configuration.debugDescription, String(reflecting: configuration),
                     "\(configuration)", dumped]
            + configuration.accounts.flatMap { [$0.description, $0.debugDescription, String(reflecting: $0)] }
        for text in texts {
            for secret in Secrets.all {
                #expect(!text.contains(secret), "\(secret) leaked into \(text)")
            }
        }
        #expect(configuration.description.contains("admin_token: <redacted>"))
        #expect(configuration.description.contains("botadmin/shop"))
        #expect(configuration.description.contains("app_id: app-42"))
    }

    /// Files that put secrets where they go wrong in every way the decoder reports.
    static let leakyFiles = [
        // Secrets of the wrong type or in the wrong account.
        """
        {"admin_token": 12345678, "accounts": [
          {"provider": "wecom", "name": "a", "key": 987654321},
          {"provider": "wecom", "name": "b", "key": "\(Secrets.wecom)", "secret": "\(Secrets.botadmin)"},
          {"provider": "gowechat", "name": "c", "token": ["\(Secrets.gowechat)"]},
          {"provider": "yunzhenji", "name": "d", "app_id": "x", "wxid": "1",
           "access_token": "\(Secrets.accessToken)", "callback_token": true}
        ]}
        """,
        // Secrets pasted where names, ids and urls go.
        """
        {"admin_token": "\(Secrets.admin)", "listen": "\(Secrets.admin)", "timezone": "\(Secrets.admin)",
         "database": 1, "accounts": [
          {"provider": "botadmin", "name": "\(Secrets.botadmin)!", "secret": "\(Secrets.botadmin)",
           "base_url": "\(Secrets.botadmin)", "self_ids": [1]},
          {"provider": "\(Secrets.callbackToken)", "name": "y", "callback_token": "\(Secrets.callbackToken)"},
          {"provider": "wecom", "name": "z", "key": "\(Secrets.wecom)", "\(Secrets.wecom)": 1}
        ]}
        """,
        // A broken file that holds a secret.
        """
        {"admin_token": "\(Secrets.admin)" "listen": 1}
        """,
    ]

    @Test(arguments: leakyFiles) func noSecretInAnyErrorMessage(file: String) {
        let problems = fileProblems(file)
        #expect(!problems.isEmpty)
        for problem in problems {
            for secret in Secrets.all + ["12345678", "987654321"] {
                #expect(!problem.contains(secret), "\(secret) leaked into \(problem)")
            }
        }
    }

    @Test func noSecretFromTheEnvironmentInErrors() {
        let loader = makeLoader(environment: ["WXHOOK_ADMIN_TOKEN": Secrets.admin, "WXHOOK_LISTEN": Secrets.admin])
        let problems = problemLines(loader)
        #expect(problems == [#"WXHOOK_LISTEN: "<redacted>" is not HOST:PORT"#])
    }

    @Test func wrongTypedSecretsSayOnlyTheirKind() {
        let problems = fileProblems(#"{"accounts": [{"provider": "wecom", "name": "a", "key": 987654321}]}"#)
        #expect(problems == ["wxhook.json:1: accounts[0].key: must be a string, got a number"])
    }
}
