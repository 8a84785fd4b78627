import CPsetSandbox
import Glibc

/// The system-call filter every sandboxed program runs under, as a classic BPF program for x86-64.
///
/// It denies with `EPERM` what no submission needs and what would let a program inspect or
/// escape its neighbours (tracing, other processes' memory, mounts, keys, BPF, perf, io_uring,
/// namespaces, kernel modules, reboot); `clone3` answers `ENOSYS` so that the C library falls back to
/// `clone`, whose flags the filter can check; other architectures' system calls kill the process.
/// `personality` stays allowed: ThreadSanitizer uses it to re-execute itself without ASLR.
/// `socket` and `socketpair` create Unix, IPv4 and IPv6 sockets only (the network namespace has just
/// the loopback interface); any other family, such as netlink, packet, vsock or the kernel's crypto
/// sockets, answers `EAFNOSUPPORT`, as from a kernel built without it.
enum SeccompFilter {
    /// The filter's instructions.
    static let instructions: [pset_sock_filter] = build()

    /// System calls denied with `EPERM`, by x86-64 number.
    static let deniedSystemCalls: [UInt32] = [
        101,  // ptrace
        103,  // syslog
        134,  // uselib
        153,  // vhangup
        155,  // pivot_root
        159,  // adjtimex
        163,  // acct
        164,  // settimeofday
        165,  // mount
        166,  // umount2
        167,  // swapon
        168,  // swapoff
        169,  // reboot
        170,  // sethostname
        171,  // setdomainname
        172,  // iopl
        173,  // ioperm
        175,  // init_module
        176,  // delete_module
        179,  // quotactl
        212,  // lookup_dcookie
        227,  // clock_settime
        246,  // kexec_load
        248,  // add_key
        249,  // request_key
        250,  // keyctl
        272,  // unshare
        298,  // perf_event_open
        303,  // name_to_handle_at
        304,  // open_by_handle_at
        305,  // clock_adjtime
        308,  // setns
        310,  // process_vm_readv
        311,  // process_vm_writev
        312,  // kcmp
        313,  // finit_module
        320,  // kexec_file_load
        321,  // bpf
        323,  // userfaultfd
        425,  // io_uring_setup
        426,  // io_uring_enter
        427,  // io_uring_register
        428,  // open_tree
        429,  // move_mount
        430,  // fsopen
        431,  // fsconfig
        432,  // fsmount
        433,  // fspick
        438,  // pidfd_getfd
        440,  // process_madvise
        442,  // mount_setattr
    ]

    /// Socket families a program may create: `AF_UNIX`, `AF_INET` and `AF_INET6`.
    static let allowedSocketFamilies: [UInt32] = [1, 2, 10]

    private static let socketNumber: UInt32 = 41
    private static let socketPairNumber: UInt32 = 53
    private static let cloneNumber: UInt32 = 56
    private static let clone3Number: UInt32 = 435
    /// CLONE_NEWNS, NEWCGROUP, NEWUTS, NEWIPC, NEWUSER, NEWPID, NEWNET and NEWTIME.
    private static let namespaceCloneFlags: UInt32 =
        0x0002_0000 | 0x0200_0000 | 0x0400_0000 | 0x0800_0000
        | 0x1000_0000 | 0x2000_0000 | 0x4000_0000 | 0x0000_0080
    private static let auditArchX86_64: UInt32 = 0xC000_003E
    private static let x32SystemCallBit: UInt32 = 0x4000_0000

    private static let allow: UInt32 = 0x7FFF_0000
    private static let killProcess: UInt32 = 0x8000_0000
    private static func fail(_ code: Int32) -> UInt32 { 0x0005_0000 | UInt32(code) }

    // Classic BPF opcodes: load word absolute, jump if equal / greater-or-equal / bits set, return constant.
    private static let loadWord: UInt16 = 0x20
    private static let jumpEqual: UInt16 = 0x15
    private static let jumpGreaterOrEqual: UInt16 = 0x35
    private static let jumpSet: UInt16 = 0x45
    private static let returnConstant: UInt16 = 0x06

    // Offsets in `struct seccomp_data`.
    private static let numberOffset: UInt32 = 0
    private static let archOffset: UInt32 = 4
    private static let firstArgumentOffset: UInt32 = 16

    private static func statement(_ code: UInt16, _ k: UInt32) -> pset_sock_filter {
        pset_sock_filter(code: code, jt: 0, jf: 0, k: k)
    }

    private static func jump(_ code: UInt16, _ k: UInt32, ifTrue: UInt8, ifFalse: UInt8) -> pset_sock_filter {
        pset_sock_filter(code: code, jt: ifTrue, jf: ifFalse, k: k)
    }

    private static func build() -> [pset_sock_filter] {
        var program: [pset_sock_filter] = [
            statement(loadWord, archOffset),
            jump(jumpEqual, auditArchX86_64, ifTrue: 1, ifFalse: 0),
            statement(returnConstant, killProcess),
            statement(loadWord, numberOffset),
            jump(jumpGreaterOrEqual, x32SystemCallBit, ifTrue: 0, ifFalse: 1),
            statement(returnConstant, fail(ENOSYS)),
            jump(jumpEqual, clone3Number, ifTrue: 0, ifFalse: 1),
            statement(returnConstant, fail(ENOSYS)),
            jump(jumpEqual, cloneNumber, ifTrue: 0, ifFalse: 3),
            statement(loadWord, firstArgumentOffset),
            jump(jumpSet, namespaceCloneFlags, ifTrue: 0, ifFalse: 1),
            statement(returnConstant, fail(EPERM)),
            statement(loadWord, numberOffset),
        ]
        program += socketFamilyCheck()
        for number in deniedSystemCalls {
            program.append(jump(jumpEqual, number, ifTrue: 0, ifFalse: 1))
            program.append(statement(returnConstant, fail(EPERM)))
        }
        program.append(statement(returnConstant, allow))
        return program
    }

    /// Allows `socket` and `socketpair` of the allowed families and refuses the others; lets any other
    /// system call through to the next check with its number still loaded.
    private static func socketFamilyCheck() -> [pset_sock_filter] {
        let families = allowedSocketFamilies.count
        // The family is an `int`: the kernel reads the low half of the first argument only.
        var check = [
            jump(jumpEqual, socketNumber, ifTrue: 1, ifFalse: 0),
            jump(jumpEqual, socketPairNumber, ifTrue: 0, ifFalse: UInt8(families + 3)),
            statement(loadWord, firstArgumentOffset),
        ]
        for (index, family) in allowedSocketFamilies.enumerated() {
            check.append(jump(jumpEqual, family, ifTrue: UInt8(families - index), ifFalse: 0))
        }
        check.append(statement(returnConstant, fail(EAFNOSUPPORT)))
        check.append(statement(returnConstant, allow))
        return check
    }
}
