// The system SQLite (Debian: libsqlite3-dev). Nothing is vendored.
#include <sqlite3.h>
