/// What a submission's code may call: families of library functions, and the prompt's own bans among them.
///
/// The grader checks every function and variable a submitted object file refers to against it before
/// anything runs. A task allows what a correct solution of it could use; everything else (reading the
/// environment, opening files, loading libraries, raw system calls...) is refused, so a submission cannot reach
/// what the grader keeps in its process.
public struct CallPolicy: Sendable, Equatable {
    /// The families a submission may call, besides the few every C program needs (``LibraryFamily/core``).
    public var allowed: [LibraryFamily]
    /// Calls a family allows but the task's prompt rules out, each with the prompt's reason.
    public var forbidden: [ForbiddenCalls]

    public init(allowed: [LibraryFamily] = [], forbidden: [ForbiddenCalls] = []) {
        self.allowed = allowed
        self.forbidden = forbidden
    }

    /// How a reference to `symbol` stands: allowed, or refused with the rule it breaks.
    public func judge(_ symbol: String) -> Judgement {
        if let rule = forbidden.first(where: { $0.matches(symbol) }) { return .forbidden(rule.reason) }
        if LibraryFamily.core.matches(symbol) || allowed.contains(where: { $0.matches(symbol) }) { return .allowed }
        return .notAllowed
    }

    /// The verdict on one referenced symbol.
    public enum Judgement: Sendable, Equatable {
        case allowed
        /// In no family the task allows.
        case notAllowed
        /// Ruled out by the prompt, for this reason.
        case forbidden(String)
    }

    /// The allowed families in words, for a refusal: "threads, locks and output".
    public var allowedDescription: String {
        let names = allowed.filter { $0 != .core }.map(\.description)
        guard let last = names.last else { return "only what every C program needs" }
        return names.count == 1 ? last : names.dropLast().joined(separator: ", ") + " and " + last
    }
}

/// Calls a task's prompt rules out, whatever the families allow: `Forbids("pthread_cond_*", because: "...")`.
public struct ForbiddenCalls: Sendable, Equatable {
    /// Symbol names; a trailing `*` matches any suffix.
    public var patterns: [String]
    /// The prompt's rule, as a refusal says it.
    public var reason: String

    public init(patterns: [String], reason: String) {
        self.patterns = patterns
        self.reason = reason
    }

    func matches(_ symbol: String) -> Bool { patterns.contains { SymbolPattern.matches($0, symbol) } }
}

/// A family of library functions a task may allow, by the symbols a compiled C file refers to for them.
///
/// The names include what gcc turns a call into (`printf("x\n")` becomes `puts`, `fprintf` to a constant string
/// `fwrite`) and glibc's own spellings of standard functions (`__isoc99_sscanf`, `__ctype_b_loc`).
public enum LibraryFamily: String, Sendable, CaseIterable, CustomStringConvertible {
    /// What any C program may need: `assert`, `abort`, `exit`, `errno`, and what the compiler emits itself.
    case core
    /// Memory allocation, `<string.h>`, `<stdlib.h>` conversions and sorting, `<ctype.h>`, formatting to memory.
    case standard
    /// Printing to `stdout` and `stderr`.
    case output
    /// Reading standard input through `<stdio.h>`.
    case input
    /// Creating, joining and identifying threads; thread-specific data; yielding.
    case threads
    /// Mutexes, read-write locks and spinlocks.
    case locks
    case conditionVariables
    /// POSIX semaphores.
    case semaphores
    case barriers
    /// C11 and GCC atomics that the compiler turns into library calls.
    case atomics
    /// Clocks and sleeping.
    case time
    /// `<math.h>`.
    case math
    /// `fork`, `wait` and friends, process ids, `exec`.
    case processes
    /// File descriptors: pipes, `read`, `write`, `close`, `dup`.
    case fileDescriptors
    /// Opening, creating and removing files.
    case files
    case sockets
    /// System V shared memory and `mmap`.
    case sharedMemory
    /// Signal handlers, masks and sending signals.
    case signals

    public var description: String {
        switch self {
        case .core: "what every C program needs"
        case .standard: "memory and string functions"
        case .output: "output"
        case .input: "standard input"
        case .threads: "threads"
        case .locks: "locks"
        case .conditionVariables: "condition variables"
        case .semaphores: "semaphores"
        case .barriers: "barriers"
        case .atomics: "atomics"
        case .time: "clocks and sleeping"
        case .math: "math"
        case .processes: "processes"
        case .fileDescriptors: "file descriptors"
        case .files: "files"
        case .sockets: "sockets"
        case .sharedMemory: "shared memory"
        case .signals: "signals"
        }
    }

    /// Whether a reference to `symbol` belongs to this family.
    public func matches(_ symbol: String) -> Bool { patterns.contains { SymbolPattern.matches($0, symbol) } }

    /// The symbols of the family; a trailing `*` matches any suffix.
    public var patterns: [String] {
        switch self {
        case .core:
            [
                "__assert_fail", "abort", "exit", "_exit", "_Exit", "__errno_location", "__stack_chk_fail",
                "_GLOBAL_OFFSET_TABLE_", "strerror", "perror",
            ]
        case .standard:
            [
                "malloc", "calloc", "realloc", "reallocarray", "free", "aligned_alloc", "posix_memalign",
                "memset", "memcpy", "memmove", "memcmp", "memchr", "memrchr", "memmem", "mempcpy", "str*", "__strdup",
                "__strndup", "__rawmemchr", "stpcpy", "stpncpy", "ato*", "strto*",
                "abs", "labs", "llabs", "div", "ldiv", "qsort", "bsearch", "rand", "rand_r", "srand", "random",
                "srandom", "__ctype_b_loc", "__ctype_tolower_loc", "__ctype_toupper_loc", "tolower", "toupper",
                "isalnum", "isalpha", "isdigit", "isxdigit", "isspace", "isupper", "islower", "ispunct", "isprint",
                "iscntrl", "isgraph", "isblank", "sprintf", "snprintf", "vsprintf", "vsnprintf", "asprintf",
                "vasprintf", "sscanf",
                "__isoc99_sscanf", "__isoc99_vsscanf", "__sprintf_chk", "__snprintf_chk", "__vsprintf_chk",
                "__vsnprintf_chk", "__memcpy_chk", "__memmove_chk", "__memset_chk", "__strcpy_chk", "__strcat_chk",
                "__strncpy_chk",
            ]
        case .output:
            [
                "printf", "vprintf", "fprintf", "vfprintf", "puts", "fputs", "putchar", "fputc", "putc", "fwrite",
                "fflush", "setvbuf", "setbuf", "setlinebuf", "stdout", "stderr", "__printf_chk", "__fprintf_chk",
                "__vprintf_chk", "__vfprintf_chk", "flockfile", "funlockfile", "putchar_unlocked", "fputc_unlocked",
            ]
        case .input:
            [
                "scanf", "__isoc99_scanf", "fscanf", "__isoc99_fscanf", "getchar", "getc", "fgetc", "fgets",
                "getline", "getdelim", "fread", "feof", "ferror", "clearerr", "ungetc", "stdin",
            ]
        case .threads:
            [
                "pthread_create", "pthread_join", "pthread_tryjoin_np", "pthread_timedjoin_np", "pthread_detach",
                "pthread_self", "pthread_equal", "pthread_exit", "pthread_once", "pthread_key_*",
                "pthread_getspecific", "pthread_setspecific", "pthread_attr_*", "pthread_setname_np",
                "pthread_getname_np", "sched_yield", "pthread_yield", "get_nprocs", "sysconf", "gettid",
            ]
        case .locks:
            ["pthread_mutex_*", "pthread_mutexattr_*", "pthread_spin_*", "pthread_rwlock_*", "pthread_rwlockattr_*"]
        case .conditionVariables: ["pthread_cond_*", "pthread_condattr_*"]
        case .semaphores: ["sem_*"]
        case .barriers: ["pthread_barrier_*", "pthread_barrierattr_*"]
        case .atomics: ["__atomic_*", "__sync_*", "atomic_*"]
        case .time:
            [
                "time", "clock", "clock_gettime", "clock_nanosleep", "gettimeofday", "nanosleep", "usleep", "sleep",
                "difftime",
            ]
        case .math:
            [
                "sqrt*", "pow*", "exp*", "log*", "fabs*", "floor*", "ceil*", "round*", "lround*", "trunc*",
                "fmod*", "sin*", "cos*", "tan*", "atan*", "fmin*", "fmax*", "hypot*", "cbrt*",
            ]
        case .processes:
            [
                "fork", "wait", "waitpid", "waitid", "wait3", "wait4", "getpid", "getppid", "execl", "execlp",
                "execle", "execv", "execvp", "execve", "execvpe", "atexit",
            ]
        case .fileDescriptors:
            [
                "pipe", "pipe2", "read", "write", "close", "dup", "dup2", "dup3", "fcntl", "fcntl64", "fdopen",
                "fileno", "readv", "writev", "poll", "select", "dprintf", "isatty",
            ]
        case .files:
            [
                "open", "open64", "openat", "creat", "fopen", "fopen64", "fclose", "unlink", "remove", "rename",
                "lseek", "lseek64", "stat", "fstat", "lstat", "access", "mkdir", "rmdir", "ftruncate", "fsync",
            ]
        case .sockets:
            [
                "socket", "socketpair", "bind", "listen", "accept", "accept4", "connect", "send", "recv", "sendto",
                "recvfrom", "sendmsg", "recvmsg", "shutdown", "setsockopt", "getsockopt", "getsockname",
                "getpeername", "htons", "htonl", "ntohs", "ntohl", "inet_pton", "inet_ntop", "inet_addr",
                "inet_aton",
            ]
        case .sharedMemory: ["shmget", "shmat", "shmdt", "shmctl", "ftok", "mmap", "mmap64", "munmap"]
        case .signals:
            [
                "signal", "sigaction", "sigemptyset", "sigfillset", "sigaddset", "sigdelset", "sigismember",
                "sigprocmask", "pthread_sigmask", "sigsuspend", "sigwait", "sigwaitinfo", "sigtimedwait", "kill",
                "raise", "alarm", "pause", "pthread_kill", "sigqueue", "psignal", "strsignal",
            ]
        }
    }
}

/// Matching a symbol against a family's or a ban's names.
enum SymbolPattern {
    /// `pattern` is a name, or a prefix followed by `*`.
    static func matches(_ pattern: String, _ symbol: String) -> Bool {
        if pattern.hasSuffix("*") { return symbol.hasPrefix(pattern.dropLast()) }
        return pattern == symbol
    }
}
