import Glibc

/// C strings and arrays that must stay alive and unmoved while the sandbox's children are created.
///
/// The children read them after `clone` from their copy of this process's memory, so they are
/// allocated once, before, and freed together when the run has started.
final class CStringArena {
    private var strings: [UnsafeMutablePointer<CChar>] = []
    private var buffers: [UnsafeMutableRawPointer] = []

    /// A copy of `string` as a NUL-terminated C string.
    func string(_ string: String) -> UnsafeMutablePointer<CChar> {
        let copy = strdup(string)!
        strings.append(copy)
        return copy
    }

    /// A copy of `strings` as a NULL-terminated array of C strings, as `execve` takes them.
    func stringArray(_ strings: [String]) -> UnsafeMutablePointer<UnsafeMutablePointer<CChar>?> {
        let array = UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>.allocate(capacity: strings.count + 1)
        buffers.append(UnsafeMutableRawPointer(array))
        for (index, string) in strings.enumerated() {
            array[index] = self.string(string)
        }
        array[strings.count] = nil
        return array
    }

    /// A copy of `values`, trivial C structures, in memory that does not move.
    func array<T>(_ values: [T]) -> UnsafeMutablePointer<T> {
        let array = UnsafeMutablePointer<T>.allocate(capacity: max(values.count, 1))
        buffers.append(UnsafeMutableRawPointer(array))
        array.initialize(from: values, count: values.count)
        return array
    }

    deinit {
        for string in strings { free(string) }
        for buffer in buffers { buffer.deallocate() }
    }
}
