using System.Collections.Immutable;
using System.Text.Json;
using OrgSync.Core.Json;

namespace OrgSync.Core.Targets;

// The JSON reading under TargetsFileLoader: paths, collected errors, typed members.
public static partial class TargetsFileLoader
{
    /// <summary>A parsed list item with its identity and where it came from, for duplicate reports.</summary>
    private sealed record Keyed<T>(string Key, string Path, T Value);

    /// <summary>JSON paths as the file reads: <c>aggregators[1].region</c>, the document itself is <c>$</c>.</summary>
    private static class Paths
    {
        public const string Root = "$";

        public static string Member(string parent, string name)
        {
            var path = new System.Text.StringBuilder(parent == Root ? string.Empty : parent);
            StrictJson.AppendMember(path, name);
            return path[0] == '.' ? path.ToString(1, path.Length - 1) : path.ToString();
        }

        public static string Index(string parent, int index) => $"{parent}[{index}]";

        /// <summary><c>$.aggregators[0].name</c> → <c>aggregators[0].name</c>, <c>$["a b"]</c> → <c>["a b"]</c>; <c>$</c> and <c>$[1]</c> stay.</summary>
        public static string FromJsonPath(string jsonPath) =>
            jsonPath.StartsWith("$.", StringComparison.Ordinal) ? jsonPath[2..]
            : jsonPath.StartsWith("$[\"", StringComparison.Ordinal) ? jsonPath[1..]
            : jsonPath;
    }

    private sealed class Errors
    {
        private readonly List<TargetsFileError> _items = [];

        public int Count => _items.Count;

        public void Add(string path, string problem) => _items.Add(new TargetsFileError(path, problem));

        public ImmutableArray<TargetsFileError> ToImmutable() => [.. _items];
    }

    private static class Values
    {
        /// <summary>
        /// The string, or null after reporting that the value is of another type or the problem
        /// <paramref name="check"/> finds with it (<paramref name="check"/> returns null when there is none).
        /// </summary>
        public static string? String(JsonElement value, string path, Errors errors, Func<string, string?> check)
        {
            if (value.ValueKind != JsonValueKind.String)
            {
                errors.Add(path, Expected("string", value));
                return null;
            }

            var text = value.GetString()!;
            if (check(text) is { } problem)
            {
                errors.Add(path, problem);
                return null;
            }

            return text;
        }

        public static string Expected(string type, JsonElement found) =>
            $"expected {type}, found {StrictJson.TypeName(found.ValueKind)}";
    }

    /// <summary>The members of one object, read with every problem recorded at its path.</summary>
    private sealed class Members
    {
        private readonly JsonElement _object;
        private readonly string _path;
        private readonly Errors _errors;
        private readonly int _errorsBefore;

        private Members(JsonElement obj, string path, Errors errors)
        {
            _object = obj;
            _path = path;
            _errors = errors;
            _errorsBefore = errors.Count;
        }

        /// <summary>True when any problem was reported inside this object.</summary>
        public bool Failed => _errors.Count > _errorsBefore;

        /// <summary>The object's members, after reporting unknown keys; null when it is not an object.</summary>
        public static Members? Of(JsonElement value, string path, Errors errors, params string[] known)
        {
            if (value.ValueKind != JsonValueKind.Object)
            {
                errors.Add(path, Values.Expected("object", value));
                return null;
            }

            foreach (var property in value.EnumerateObject())
            {
                if (!known.Contains(property.Name, StringComparer.Ordinal))
                {
                    errors.Add(Paths.Member(path, property.Name), $"unknown key (allowed: {string.Join(", ", known)})");
                }
            }

            return new Members(value, path, errors);
        }

        private bool TryGet(string name, out JsonElement value, out string path)
        {
            path = Paths.Member(_path, name);
            return _object.TryGetProperty(name, out value);
        }

        public bool IsPresentAndNotNull(string name) =>
            _object.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null;

        public void Require(string name, string problem) => _errors.Add(Paths.Member(_path, name), problem);

        public T? Required<T>(string name, Func<JsonElement, string, Errors, T?> read)
            where T : class
        {
            if (!TryGet(name, out var value, out var path))
            {
                _errors.Add(path, "required");
                return null;
            }

            return read(value, path, _errors);
        }

        /// <summary>A required string; <paramref name="check"/> returns the problem with a value, or null.</summary>
        public string? RequiredString(string name, Func<string, string?> check) =>
            Required(name, (value, path, errors) => Values.String(value, path, errors, check));

        /// <summary>An optional member: absent or null gives null.</summary>
        public T? Optional<T>(string name, Func<JsonElement, string, Errors, T?> read)
            where T : class =>
            TryGet(name, out var value, out var path) && value.ValueKind != JsonValueKind.Null
                ? read(value, path, _errors)
                : null;

        /// <summary>An optional member that is never null: absent gives null, any present value (null too) is read.</summary>
        public T? Present<T>(string name, Func<JsonElement, string, Errors, T?> read)
            where T : class =>
            TryGet(name, out var value, out var path) ? read(value, path, _errors) : null;

        /// <summary>An optional string: absent or null gives null.</summary>
        public string? OptionalString(string name, Func<string, string?> check) =>
            Optional(name, (value, path, errors) => Values.String(value, path, errors, check));

        public bool Bool(string name, bool defaultValue) => OptionalBool(name) ?? defaultValue;

        /// <summary>An optional whole number from <paramref name="min"/> (a JSON integer: no fraction, no exponent).</summary>
        public int Int(string name, int min, int defaultValue)
        {
            if (!TryGet(name, out var value, out var path))
            {
                return defaultValue;
            }

            if (value.ValueKind != JsonValueKind.Number)
            {
                _errors.Add(path, Values.Expected("number", value));
                return defaultValue;
            }

            if (!value.TryGetInt32(out var number) || number < min)
            {
                _errors.Add(path, $"must be a whole number from {min} to {int.MaxValue}, found {StrictJson.Printable(value.GetRawText(), 40)}");
                return defaultValue;
            }

            return number;
        }

        public bool? OptionalBool(string name)
        {
            if (!TryGet(name, out var value, out var path))
            {
                return null;
            }

            switch (value.ValueKind)
            {
                case JsonValueKind.True:
                    return true;
                case JsonValueKind.False:
                    return false;
                default:
                    _errors.Add(path, Values.Expected("boolean", value));
                    return null;
            }
        }

        /// <summary>A list that may be null (or absent); when given, as <see cref="List{T}"/>.</summary>
        public ImmutableArray<T>? NullableList<T>(string name, Func<JsonElement, string, Errors, T?> read, bool nonEmpty)
            where T : class
        {
            if (!IsPresentAndNotNull(name))
            {
                return null;
            }

            return List(name, read, nonEmpty);
        }

        /// <summary>
        /// An optional list (absent → null, no error). Items that fail are reported and dropped;
        /// with <paramref name="distinct"/>, a repeated item is reported at its index.
        /// </summary>
        public ImmutableArray<T>? List<T>(
            string name, Func<JsonElement, string, Errors, T?> read, bool nonEmpty = false, bool distinct = true)
            where T : class
        {
            if (!TryGet(name, out var value, out var path))
            {
                return null;
            }

            if (value.ValueKind != JsonValueKind.Array)
            {
                _errors.Add(path, Values.Expected("array", value));
                return null;
            }

            if (nonEmpty && value.GetArrayLength() == 0)
            {
                _errors.Add(path, "must not be empty");
                return null;
            }

            var items = ImmutableArray.CreateBuilder<T>();
            var firstIndex = new Dictionary<T, int>();
            var index = 0;
            foreach (var element in value.EnumerateArray())
            {
                var itemPath = Paths.Index(path, index);
                var item = read(element, itemPath, _errors);
                if (item is not null)
                {
                    if (distinct && !firstIndex.TryAdd(item, index))
                    {
                        _errors.Add(itemPath, $"duplicate of {Paths.Index(path, firstIndex[item])}");
                    }
                    else
                    {
                        items.Add(item);
                    }
                }

                index++;
            }

            return items.ToImmutable();
        }
    }
}
