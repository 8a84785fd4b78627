import PsetBank
import PsetModel
import Testing

@Suite struct BuiltInBankTests {
    @Test func builtInBankIsValid() throws {
        try Bank.builtIn.validate()
    }
}
