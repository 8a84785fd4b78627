import Glibc

extension Sandbox {
    /// Removes what sandboxes of processes that have died left on this host: their workspaces, run
    /// cgroups and half-built directories; never what a running process owns.
    ///
    /// A run's processes die with the process that started it, so only these remain. A grader calls
    /// this when it starts.
    public func removeLeftovers() {
        let staging = configuration.stagingDirectory
        var info = stat()
        // Only a staging directory this user owns is ours to clean; a missing one holds nothing.
        if lstat(staging, &info) == 0, info.st_mode & S_IFMT == S_IFDIR, info.st_uid == geteuid() {
            removeAbandonedWorkspaces(in: staging)
            SandboxBase.removeAbandoned(in: staging)
        }
        if configuration.usesCgroups { RunCgroups.removeAbandoned() }
    }
}
