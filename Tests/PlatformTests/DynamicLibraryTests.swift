import Platform
import Testing

@Suite struct DynamicLibraryTests {
    @Test func aLoadedFunctionCanBeCalled() throws {
        let libc = try DynamicLibrary("libc.so.6")
        typealias Abs = @convention(c) (Int32) -> Int32
        let abs = try libc.symbol("abs", as: Abs.self)
        #expect(abs(-7) == 7)
        #expect(libc.name == "libc.so.6")
    }

    @Test func aMissingLibraryOrSymbolIsNamed() throws {
        let missing = #expect(throws: DynamicLibraryError.self) { try DynamicLibrary("libwxhook-missing.so.1") }
        #expect(missing?.library == "libwxhook-missing.so.1")
        #expect(missing?.symbol == nil)
        #expect(missing?.description.hasPrefix("libwxhook-missing.so.1: ") == true)

        let libc = try DynamicLibrary("libc.so.6")
        let symbol = #expect(throws: DynamicLibraryError.self) {
            try libc.symbol("wxhook_no_such_function", as: UnsafeRawPointer.self)
        }
        #expect(symbol?.description.hasPrefix("libc.so.6: no symbol wxhook_no_such_function") == true)
    }
}
