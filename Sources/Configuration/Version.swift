/// The version `wxhook --version` prints and `GET /health` reports: one constant so they agree.
public let wxhookVersion = "0.1.0"
