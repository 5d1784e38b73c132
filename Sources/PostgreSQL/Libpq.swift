import Platform

/// The libpq functions wxhook calls, looked up once in `libpq.so.5` at run time: a SQLite
/// deployment never loads it, and the build needs no PostgreSQL headers. The types are libpq's C
/// signatures (`PGconn *` and `PGresult *` are opaque pointers, `Oid` is a 32-bit unsigned int).
struct Libpq: @unchecked Sendable { // Immutable table of C function pointers into a library that is never unloaded.
    typealias Connection = OpaquePointer
    typealias Result = OpaquePointer

    typealias ConnectParams = @convention(c) (UnsafePointer<UnsafePointer<CChar>?>?, UnsafePointer<UnsafePointer<CChar>?>?,
                                              Int32) -> Connection?
    typealias Status = @convention(c) (Connection?) -> Int32
    typealias ErrorMessage = @convention(c) (Connection?) -> UnsafeMutablePointer<CChar>?
    typealias Finish = @convention(c) (Connection?) -> Void
    typealias ExecParams = @convention(c) (Connection?, UnsafePointer<CChar>?, Int32, UnsafePointer<UInt32>?,
                                           UnsafePointer<UnsafePointer<CChar>?>?, UnsafePointer<Int32>?,
                                           UnsafePointer<Int32>?, Int32) -> Result?
    typealias Exec = @convention(c) (Connection?, UnsafePointer<CChar>?) -> Result?
    typealias ResultStatus = @convention(c) (Result?) -> Int32
    typealias ResultErrorField = @convention(c) (Result?, Int32) -> UnsafeMutablePointer<CChar>?
    typealias ResultErrorMessage = @convention(c) (Result?) -> UnsafeMutablePointer<CChar>?
    typealias Clear = @convention(c) (Result?) -> Void
    typealias Count = @convention(c) (Result?) -> Int32
    typealias FieldName = @convention(c) (Result?, Int32) -> UnsafeMutablePointer<CChar>?
    typealias GetValue = @convention(c) (Result?, Int32, Int32) -> UnsafeMutablePointer<CChar>?
    typealias GetIsNull = @convention(c) (Result?, Int32, Int32) -> Int32
    typealias CommandTuples = @convention(c) (Result?) -> UnsafeMutablePointer<CChar>?
    typealias Socket = @convention(c) (Connection?) -> Int32
    typealias ConsumeInput = @convention(c) (Connection?) -> Int32
    typealias Notifies = @convention(c) (Connection?) -> UnsafeMutableRawPointer?
    typealias FreeMemory = @convention(c) (UnsafeMutableRawPointer?) -> Void
    typealias TransactionStatus = @convention(c) (Connection?) -> Int32
    typealias NoticeProcessor = @convention(c) (UnsafeMutableRawPointer?, UnsafePointer<CChar>?) -> Void
    typealias SetNoticeProcessor = @convention(c) (Connection?, NoticeProcessor?, UnsafeMutableRawPointer?) -> NoticeProcessor?

    let connectdbParams: ConnectParams
    let status: Status
    let errorMessage: ErrorMessage
    let finish: Finish
    let execParams: ExecParams
    let exec: Exec
    let resultStatus: ResultStatus
    let resultErrorField: ResultErrorField
    let resultErrorMessage: ResultErrorMessage
    let clear: Clear
    let ntuples: Count
    let nfields: Count
    let fname: FieldName
    let getvalue: GetValue
    let getisnull: GetIsNull
    let cmdTuples: CommandTuples
    let socket: Socket
    let consumeInput: ConsumeInput
    let notifies: Notifies
    let freemem: FreeMemory
    let transactionStatus: TransactionStatus
    let setNoticeProcessor: SetNoticeProcessor

    /// The library every connection uses, loaded at the first connection.
    static let shared: Swift.Result<Libpq, PostgresError> = load("libpq.so.5")

    /// Loads `library` and binds every function; a missing library or symbol is `libraryMissing`.
    static func load(_ library: String) -> Swift.Result<Libpq, PostgresError> {
        do throws(DynamicLibraryError) {
            let handle = try DynamicLibrary(library)
            func bind<T>(_ name: String, _ type: T.Type) throws(DynamicLibraryError) -> T {
                try handle.symbol(name, as: type)
            }
            return .success(Libpq(
                connectdbParams: try bind("PQconnectdbParams", ConnectParams.self),
                status: try bind("PQstatus", Status.self),
                errorMessage: try bind("PQerrorMessage", ErrorMessage.self),
                finish: try bind("PQfinish", Finish.self),
                execParams: try bind("PQexecParams", ExecParams.self),
                exec: try bind("PQexec", Exec.self),
                resultStatus: try bind("PQresultStatus", ResultStatus.self),
                resultErrorField: try bind("PQresultErrorField", ResultErrorField.self),
                resultErrorMessage: try bind("PQresultErrorMessage", ResultErrorMessage.self),
                clear: try bind("PQclear", Clear.self),
                ntuples: try bind("PQntuples", Count.self),
                nfields: try bind("PQnfields", Count.self),
                fname: try bind("PQfname", FieldName.self),
                getvalue: try bind("PQgetvalue", GetValue.self),
                getisnull: try bind("PQgetisnull", GetIsNull.self),
                cmdTuples: try bind("PQcmdTuples", CommandTuples.self),
                socket: try bind("PQsocket", Socket.self),
                consumeInput: try bind("PQconsumeInput", ConsumeInput.self),
                notifies: try bind("PQnotifies", Notifies.self),
                freemem: try bind("PQfreemem", FreeMemory.self),
                transactionStatus: try bind("PQtransactionStatus", TransactionStatus.self),
                setNoticeProcessor: try bind("PQsetNoticeProcessor", SetNoticeProcessor.self)
            ))
        } catch {
            return .failure(.libraryMissing)
        }
    }

    // Constants from libpq-fe.h and postgres_ext.h.
    static let connectionOK: Int32 = 0          // CONNECTION_OK
    static let commandOK: Int32 = 1             // PGRES_COMMAND_OK
    static let tuplesOK: Int32 = 2              // PGRES_TUPLES_OK
    static let emptyQuery: Int32 = 0            // PGRES_EMPTY_QUERY
    static let transactionIdle: Int32 = 0       // PQTRANS_IDLE
    static let transactionFailed: Int32 = 3     // PQTRANS_INERROR
    static let fieldSQLState: Int32 = 67        // PG_DIAG_SQLSTATE ('C')
    static let fieldMessage: Int32 = 77         // PG_DIAG_MESSAGE_PRIMARY ('M')
    static let fieldDetail: Int32 = 68          // PG_DIAG_MESSAGE_DETAIL ('D')
}

extension Libpq {
    /// The library, or `libraryMissing`.
    static func get() throws(PostgresError) -> Libpq {
        switch shared {
        case .success(let libpq): return libpq
        case .failure(let error): throw error
        }
    }
}
