/// A value in a graph under construction: a named input, or an operator applied to symbols.
///
/// Symbols are built by calling an operator on other symbols (`ndvi = NDVI()(stack)`), and are
/// turned into a runnable `Graph` by naming its inputs and outputs.
public final class Symbol: Sendable {
    enum Kind: Sendable {
        case input(String)
        case apply(any Operator, [Symbol])
    }

    let kind: Kind

    init(_ kind: Kind) {
        self.kind = kind
    }
}

/// Anything that stands for a symbol in an operator call.
public protocol SymbolConvertible {
    var symbol: Symbol { get }
}

extension Symbol: SymbolConvertible {
    public var symbol: Symbol { self }
}

/// A named input of a graph.
public struct Input: SymbolConvertible, Sendable {
    /// The name a caller binds a tensor to.
    public let name: String
    public let symbol: Symbol

    /// A graph input called `name`.
    public init(_ name: String) {
        self.name = name
        self.symbol = Symbol(.input(name))
    }
}

extension Operator {
    /// Applies the operator to symbols, giving the symbol of its output.
    /// The number of inputs is checked when the `Graph` is built.
    public func callAsFunction(_ inputs: any SymbolConvertible...) -> Symbol {
        Symbol(.apply(self, inputs.map(\.symbol)))
    }
}
