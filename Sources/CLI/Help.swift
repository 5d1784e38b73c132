import Configuration

/// The text of `wxhook help [COMMAND]`: every flag with its default and its environment variable.
public enum Help {
    public static func text(for topic: HelpTopic?) -> String {
        switch topic {
        case nil: overview
        case .serve: serve
        case .rules: rules
        case .sim: sim
        case .backup: backup
        case .restore: restore
        case .migrate: migrate
        }
    }

    static let overview = """
        wxhook \(wxhookVersion): webhook and callback processor for WeChat and WeCom bots

        Usage:
          wxhook serve [--config FILE] [--listen HOST:PORT] [--db PATH|URL] [--rules DIR]
          wxhook rules check [--rules DIR]
          wxhook rules test --text TEXT [--rules DIR] [--provider P] [--account A] [...]
          wxhook sim [--config FILE] [--listen HOST:PORT] [--callback URL] [--fail-rate R] [--seed N]
          wxhook backup FILE [--config FILE] [--db PATH]
          wxhook restore FILE [--config FILE] [--db PATH]
          wxhook migrate --from SQLITE_PATH --to POSTGRES_URL
          wxhook --version
          wxhook help [serve|rules|sim|backup|restore|migrate]

        Commands:
          serve         run the service until SIGINT/SIGTERM
          rules check   validate every rule file
          rules test    show which rule would answer a text, sending nothing
          sim           run simulated providers for local development and tests
          backup        copy the database to FILE, checked, while serve runs
          restore       replace the database with the backup FILE (serve stopped)
          migrate       copy a stopped SQLite database into an empty PostgreSQL one

        Settings come from (highest first): flags, environment (WXHOOK_LISTEN, WXHOOK_DB,
        WXHOOK_RULES, WXHOOK_ADMIN_TOKEN, WXHOOK_CONFIG), the config file, built-in defaults.
        Logs go to stderr; WXHOOK_LOG=debug|info|warn|error (default info).
        Run 'wxhook help COMMAND' for a command's flags.

        """

    static let serve = """
        Usage: wxhook serve [--config FILE] [--listen HOST:PORT] [--db PATH|URL] [--rules DIR]

        Runs the service until SIGINT/SIGTERM, then drains in-flight requests and closes the
        database. Exits 1 with one line per problem when the configuration is bad.

        Flags (a flag beats its environment variable, which beats the config file):
          --config FILE       config file (JSON)      env WXHOOK_CONFIG  default ./wxhook.json if it exists
          --listen HOST:PORT  address to listen on    env WXHOOK_LISTEN  default 127.0.0.1:8080
          --db PATH|URL       file or postgres:// URL env WXHOOK_DB      default data/wxhook.sqlite
          --rules DIR         rules folder            env WXHOOK_RULES   default Rules (none if missing)
          -h, --help          show this help

        Environment only:
          WXHOOK_ADMIN_TOKEN  token for /api/* and /metrics (config: admin_token); default unset.
                              Without it, serve listens only on loopback (127.0.0.1, [::1]).
          WXHOOK_LOG          debug|info|warn|error                         default info

        """

    static let rules = """
        Usage:
          wxhook rules check [--rules DIR]
          wxhook rules test --text TEXT [--rules DIR] [--provider P] [--account A]
                            [--chat private|group] [--mentioned] [--sender S]
                            [--event message|subscribe] [--json]

        rules check validates every rule file and prints FILE:LINE: message per problem
        (exit 0 valid, 1 invalid). rules test shows which rule would answer TEXT and the
        rendered replies, sending nothing (exit 0 something would answer, 3 nothing would).

        Flags:
          --rules DIR           rules folder     env WXHOOK_RULES  default Rules (or the config file's)
          --text TEXT           the message text; required (except with --event subscribe)
          --provider P          botadmin, yunzhenji, gowechat or wecom          default any
          --account A           account name                                    default any
          --chat private|group  the kind of chat                                default private
          --mentioned           the account is @-mentioned                      default not
          --sender S            fills {{sender}}                                default tester
          --event message|subscribe
                                a message, or a new follower (the follow reply) default message
          --json                print the JSON of POST /api/rules/test          default text
          -h, --help            show this help

        The config file (WXHOOK_CONFIG, else ./wxhook.json) supplies the timezone and accounts.

        """

    static let backup = """
        Usage: wxhook backup FILE [--config FILE] [--db PATH]

        Writes a consistent copy of the database to FILE (a new file; an existing one is never
        overwritten) while serve may be running, and checks it (PRAGMA integrity_check) before
        reporting success. Exit 0 done, 1 with the reason on stderr.

        Flags:
          --config FILE  config file (JSON)    env WXHOOK_CONFIG  default ./wxhook.json if it exists
          --db PATH      the database to copy  env WXHOOK_DB      default data/wxhook.sqlite
          -h, --help     show this help

        """

    static let restore = """
        Usage: wxhook restore FILE [--config FILE] [--db PATH]

        Replaces the database with the backup FILE. Refuses while a wxhook serve holds the
        database, and refuses a FILE that fails the checks (not a wxhook database, damaged,
        written by a newer wxhook) without touching anything. The replaced database is kept
        beside it as PATH.before-restore. Exit 0 done, 1 with the reason on stderr.

        Flags:
          --config FILE  config file (JSON)        env WXHOOK_CONFIG  default ./wxhook.json if it exists
          --db PATH      the database to replace   env WXHOOK_DB      default data/wxhook.sqlite
          -h, --help     show this help

        """

    static let migrate = """
        Usage: wxhook migrate --from SQLITE_PATH --to POSTGRES_URL

        Copies the SQLite database at SQLITE_PATH into the empty PostgreSQL database at
        POSTGRES_URL: every event, message with its timeline, idempotency key and forward, with
        their ids, in one transaction. Prints the rows copied per table. Refuses a target that
        holds rows and a SQLite file a running wxhook holds; on any failure nothing is written.
        Exit 0 done, 1 with the reason on stderr. The configuration is not read.

        Flags:
          --from SQLITE_PATH  the SQLite file (stop its wxhook serve first)
          --to POSTGRES_URL   postgres://USER:PASSWORD@HOST:PORT/DB (the password is never printed)
          -h, --help          show this help

        """

    static let sim = """
        Usage: wxhook sim [--config FILE] [--listen HOST:PORT] [--callback URL] [--fail-rate R] [--seed N]

        Runs simulated providers (botadmin, yunzhenji, gowechat, wecom) on one port for local
        development and tests, and an application that takes forwards at /sim/app and answers
        with a reply. The environment is not read.

        Flags:
          --config FILE       accounts whose credentials are checked, and   default none: accept any,
                              the forward whose url ends in /sim/app        refuse every forward
          --listen HOST:PORT  address to listen on                          default 127.0.0.1:9090
          --callback URL      wxhook's base URL for yunzhenji callbacks     default none: no callbacks
          --fail-rate R       chance 0..1 of a chatMsgSendFail after a send default 0
          --seed N            makes the random choices repeatable           default random
          -h, --help          show this help

        Provider endpoints (point an account's base_url at the simulator):
          POST /api/send, GET /api/users, GET /api/groups   botadmin
          POST /wechat/sendMessage                          yunzhenji
          POST /send_message                                gowechat
          POST /cgi-bin/webhook/send                        wecom

        Controls:
          POST /sim/inbound           post a customer's message to wxhook, as the provider would:
                                      {"provider":"botadmin","account":"shop","conversation":"c1",
                                       "sender":"u1","text":"价格"}
          GET  /sim/log               every request the providers received, in order
          GET  /sim/callbacks         every yunzhenji callback posted (or given up on)
          POST /sim/faults            faults for the next requests: {"http_500_next":2}, errcode_next,
                                      drop_callbacks_next, answer_delay_ms, omit_api_send_id,
                                      fail_rate, duplicate_rate, callback_delay_ms
          GET  /sim/stats             counters
          POST /sim/reset             forget everything
          POST /sim/app               the application taking forwards (checks their signature)
          GET  /sim/app/received      every forward /sim/app received
          POST /sim/app/behaviour     how /sim/app answers next: {"status":503,"times":2}, reply, delay_ms

        Details: docs/providers.md ("The simulator") and docs/forwarding.md.

        """
}
