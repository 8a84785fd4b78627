import Testing

@testable import PsetCLI

@Suite("pset worker's own guards against what a server sends")
struct GradingHostTests {
    @Test("A heartbeat interval from the server is kept between 0.1 s and an hour, whatever number it is")
    func heartbeatIsBounded() {
        #expect(GradingHost.heartbeat(10) == .seconds(10))
        #expect(GradingHost.heartbeat(0) == .milliseconds(100))
        #expect(GradingHost.heartbeat(-5) == .milliseconds(100))
        #expect(GradingHost.heartbeat(1e300) == .seconds(3600))
        #expect(GradingHost.heartbeat(.infinity) == .seconds(3600))
        #expect(GradingHost.heartbeat(.nan) == .seconds(10))
    }
}
