extension Question {
    /// This question with its choices shown in `order` (the bank's keys), under the declared keys in the declared
    /// order: the first one shown is the first declared key, and so on; the correct keys follow their choices.
    ///
    /// An order that is not a permutation of the choices' keys leaves the question as declared.
    public func showing(_ order: [String]) -> Question {
        let declared = choices
        guard isOrder(order) else { return self }
        let text = Dictionary(declared.map { ($0.key, $0.text) }, uniquingKeysWith: { first, _ in first })
        let shownKey = Dictionary(zip(order, declared.map(\.key)), uniquingKeysWith: { first, _ in first })
        let shown = zip(declared, order).map { AnswerChoice(key: $0.key, text: text[$1] ?? "") }
        var question = self
        switch format {
        case .singleChoice(_, let correct):
            question.format = .singleChoice(choices: shown, correct: shownKey[correct] ?? correct)
        case .multipleSelect(_, let correct, let partialCredit):
            question.format = .multipleSelect(
                choices: shown, correct: Set(correct.map { shownKey[$0] ?? $0 }), partialCredit: partialCredit)
        case .trueFalse, .numeric, .shortText:
            break
        }
        return question
    }

    /// Whether `order` lists each of the choices' keys exactly once.
    func isOrder(_ order: [String]) -> Bool {
        let keys = choices.map(\.key)
        return order.count == keys.count && Set(order) == Set(keys) && Set(order).count == order.count
    }
}
