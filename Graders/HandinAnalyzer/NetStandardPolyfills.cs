/// <summary>
/// The few .NET members the linked allowlist files use that netstandard2.0 lacks, as C# 14 extension members with the
/// same meaning, so the grader's own rule files compile unchanged for every compiler host.
/// </summary>
internal static class NetStandardPolyfills
{
    extension(ArgumentNullException)
    {
        /// <summary>As .NET's: throws when <paramref name="argument"/> is null.</summary>
        public static void ThrowIfNull(object? argument, string? paramName = null)
        {
            if (argument is null) throw new ArgumentNullException(paramName);
        }
    }

    extension(string text)
    {
        /// <summary>As .NET's <c>string.StartsWith(char)</c>.</summary>
        public bool StartsWith(char value) => text.Length > 0 && text[0] == value;

        /// <summary>As .NET's <c>string.EndsWith(char)</c>.</summary>
        public bool EndsWith(char value) => text.Length > 0 && text[text.Length - 1] == value;

        /// <summary>As .NET's <c>string.Contains(char)</c>.</summary>
        public bool Contains(char value) => text.IndexOf(value) >= 0;

        /// <summary>As .NET's <c>string.Join(char, IEnumerable&lt;string&gt;)</c>.</summary>
        public static string Join(char separator, IEnumerable<string?> values) => string.Join(separator.ToString(), values);
    }

    extension<TKey, TValue>(Dictionary<TKey, TValue> dictionary)
        where TKey : notnull
    {
        /// <summary>As .NET's <c>Dictionary.TryAdd</c>: adds unless the key is there.</summary>
        public bool TryAdd(TKey key, TValue value)
        {
            if (dictionary.ContainsKey(key)) return false;
            dictionary.Add(key, value);
            return true;
        }
    }

    extension<TKey, TValue>(KeyValuePair<TKey, TValue> pair)
    {
        /// <summary>As .NET's <c>KeyValuePair.Deconstruct</c>.</summary>
        public void Deconstruct(out TKey key, out TValue value)
        {
            key = pair.Key;
            value = pair.Value;
        }
    }
}
