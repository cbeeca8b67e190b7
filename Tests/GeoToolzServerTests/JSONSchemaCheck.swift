/// The part of JSON Schema that the OpenAPI document uses, enough to check a live body against
/// it in a Swift test (schemathesis checks the whole of it in `make test`).
struct JSONSchemaCheck {
    let spec: OpenAPISpec

    /// What in `value` breaks `schema`, one line per problem, each with its JSON path.
    func violations(of value: JSONValue, against schema: JSONValue, at path: String = "$") -> [String] {
        let schema = spec.resolve(schema)
        var problems = [String]()
        for part in schema["allOf"]?.array ?? [] {
            problems += violations(of: value, against: part, at: path)
        }
        if let type = schema["type"]?.string, !Self.value(value, hasType: type) {
            return problems + ["\(path): expected \(type), got \(value)"]
        }
        if let expected = schema["const"], expected != value {
            problems.append("\(path): expected \(expected), got \(value)")
        }
        if let choices = schema["enum"]?.array, !choices.contains(value) {
            problems.append("\(path): \(value) is not one of \(choices)")
        }
        switch value {
        case .object(let entries):
            for case .string(let name) in schema["required"]?.array ?? [] where entries[name] == nil {
                problems.append("\(path): missing '\(name)'")
            }
            let properties = schema["properties"]?.object ?? [:]
            for (name, element) in entries {
                if let property = properties[name] {
                    problems += violations(of: element, against: property, at: "\(path).\(name)")
                } else if schema["additionalProperties"] == .bool(false) {
                    problems.append("\(path): unexpected '\(name)'")
                } else if let additional = schema["additionalProperties"], additional.object != nil {
                    problems += violations(of: element, against: additional, at: "\(path).\(name)")
                }
            }
        case .array(let elements):
            if case .number(let least) = schema["minItems"], Double(elements.count) < least {
                problems.append("\(path): \(elements.count) items, fewer than \(least)")
            }
            if case .number(let most) = schema["maxItems"], Double(elements.count) > most {
                problems.append("\(path): \(elements.count) items, more than \(most)")
            }
            if let items = schema["items"] {
                for (index, element) in elements.enumerated() {
                    problems += violations(of: element, against: items, at: "\(path)[\(index)]")
                }
            }
        case .number(let number):
            if case .number(let least) = schema["minimum"], number < least {
                problems.append("\(path): \(number) is below \(least)")
            }
            if case .number(let most) = schema["maximum"], number > most {
                problems.append("\(path): \(number) is above \(most)")
            }
        default: break
        }
        return problems
    }

    private static func value(_ value: JSONValue, hasType type: String) -> Bool {
        switch (type, value) {
        case ("object", .object), ("array", .array), ("string", .string), ("boolean", .bool), ("null", .null),
            ("number", .number):
            true
        case ("integer", .number(let number)): number.rounded() == number
        default: false
        }
    }
}
