// The system SQLite (Debian: libsqlite3-dev). Nothing is vendored.
#include <sqlite3.h>

// sqlite3_config is variadic, which Swift cannot call: the one setting wxhook changes, wrapped.
// Turns off SQLite's memory statistics (nothing here reads them): each allocation then skips a
// process-wide mutex. Only effective before SQLite initializes, that is before the first open.
static inline int wxhook_sqlite3_disable_memory_statistics(void) {
    return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}
