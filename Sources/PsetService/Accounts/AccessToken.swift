import Crypto
import Foundation

/// Bearer tokens: 256 random bits shown once, and only their SHA-256 hash kept.
///
/// A plain hash is enough (no salt or slow hash) because the token is random and long: there is no
/// dictionary to try, unlike a password.
public enum AccessToken {
    /// A new token: `pset_` and 43 base64url characters of system randomness.
    public static func generate() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        let text = Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
        return "pset_" + text
    }

    /// The hash stored for a token: lowercase hex SHA-256 of its UTF-8 bytes.
    public static func hash(_ token: String) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var hex: [UInt8] = []
        hex.reserveCapacity(64)
        for byte in SHA256.hash(data: Data(token.utf8)) {
            hex.append(digits[Int(byte >> 4)])
            hex.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: hex, as: UTF8.self)
    }
}
