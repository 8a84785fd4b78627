import Foundation
import PsetModel
import Testing

@testable import PsetGrader

@Suite("Reading object files", .serialized, .timeLimit(.minutes(2)))
struct ELFObjectTests {
    /// The object file gcc makes of the fixture counter, with the grader's flags.
    static func counterObject() throws -> [UInt8] {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pset-elf-\(UUID())").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        for file in [Fixtures.counterHeader, Fixtures.lockedCounter] {
            try file.contents.write(toFile: "\(directory)/\(file.name)", atomically: true, encoding: .utf8)
        }
        let gcc = Process()
        gcc.executableURL = URL(fileURLWithPath: "/usr/bin/gcc")
        gcc.arguments = BuildRecipe.flags + ["-c", "\(directory)/counter.c", "-o", "\(directory)/counter.o"]
        try gcc.run()
        gcc.waitUntilExit()
        #expect(gcc.terminationStatus == 0)
        return Array(try Data(contentsOf: URL(fileURLWithPath: "\(directory)/counter.o")))
    }

    @Test("a compiled file's sections, definitions and references are read")
    func readsACompiledFile() throws {
        let object = try #require(ELFObject(try Self.counterObject()))
        #expect(object.sections.contains { $0.name == ".text" && $0.isExecutable })
        #expect(!object.sections.contains { $0.name == ".init_array" })
        let add = try #require(object.symbols.first { $0.name == "counter_add" })
        #expect(add.isDefined && add.isVisible && add.type == ELFObject.Symbol.typeFunction)
        let lock = try #require(object.symbols.first { $0.name == "pthread_mutex_lock" })
        #expect(!lock.isDefined)
        // Ordinary code holds no system-call bytes, so it is never disassembled.
        #expect(!object.mayHoldSystemCalls)
    }

    @Test("damaged and crafted files are refused or read, never a trap")
    func damagedFilesNeverTrap() throws {
        let original = try Self.counterObject()
        for length in stride(from: 0, to: original.count, by: max(1, original.count / 400)) {
            _ = ELFObject(Array(original.prefix(length)))
        }
        var state: UInt64 = 0x9e37_79b9_7f4a_7c15
        func next() -> UInt64 {
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            return state
        }
        for _ in 0..<3000 {
            var damaged = original
            for _ in 0..<(1 + Int(next() % 8)) {
                // Most damage goes to the headers and tables, where offsets and sizes live.
                let position = Int(next() % UInt64(next() % 4 == 0 ? damaged.count : min(damaged.count, 96)))
                damaged[position] = UInt8(truncatingIfNeeded: next())
            }
            if next() % 3 == 0 {
                let position = Int(next() % UInt64(damaged.count - 8))
                for index in 0..<8 { damaged[position + index] = 0xff }
            }
            _ = ELFObject(damaged)
        }
        #expect(ELFObject([]) == nil)
        #expect(ELFObject(Array(repeating: 0xff, count: 1 << 16)) == nil)
    }

    @Test("the C library's and ThreadSanitizer's exports are reserved, a submission's own names are not")
    func reservedNames() async throws {
        let runtime = try await SchedulerRuntime.shared.files()
        let names = try await LibraryExports.shared.reserved(runtimeLibrary: runtime.library)
        for name in ["fprintf", "pthread_create", "malloc", "write", "stderr", "__tsan_default_options"] {
            #expect(names.contains(name), "\(name)")
        }
        for name in ["counter_add", "global_lock", "lock_counter"] { #expect(!names.contains(name), "\(name)") }
    }
}
