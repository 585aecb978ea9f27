namespace System.Runtime.CompilerServices;

/// <summary>What C# needs for <c>init</c> accessors and records on netstandard2.0 (the linked allowlist's records), which lacks it.</summary>
internal static class IsExternalInit;
