using System;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using S3Sec.Analyzers.Model;

namespace S3Sec.Analyzers.Analysis;

/// <summary>
/// Decides whether a string expression carries a sensitive value: a symbol whose name is in the vocabulary
/// (<c>user.Email</c>, <c>apiKey</c>) or that carries a data-classification attribute, reached through string
/// building (interpolation, concatenation, <c>string.Format</c>, <c>Path.Combine</c>), harmless string calls and
/// locals. A call the analysis does not know ends the walk (it may transform the value), and a recognised hash
/// or encryption call makes the value safe.
/// </summary>
internal static class SensitiveValues
{
    private const int MaxDepth = 8;

    private static readonly string[] ProtectingVerbs =
    {
        "hash", "encrypt", "protect", "mask", "redact", "tokenize", "pseudonymize", "anonymize",
    };

    /// <summary>The reference that makes the value sensitive, or null when none can be seen.</summary>
    public static IOperation? FindSensitiveSource(IOperation? value, SensitiveVocabulary vocabulary)
        => Find(value, vocabulary, 0);

    /// <summary>True when every part of the value is a constant or the result of a protecting call.</summary>
    public static bool IsConstantOrProtected(IOperation? value) => IsSafe(value, 0, Made.Nothing);

    /// <summary>
    /// True when every part of the value is constant, protected, or made here by the program: the current time, a
    /// count or length, a counter's increment, and with <paramref name="random"/> a new Guid. Such a value cannot
    /// be a person's SSN or date of birth, whatever the metadata name says; a random one may still be a secret.
    /// </summary>
    public static bool IsMadeByProgram(IOperation? value, bool random)
        => IsSafe(value, 0, random ? Made.ByClockCountOrRandom : Made.ByClockOrCount);

    /// <summary>Which values made by the program count as safe, besides constants and protected values.</summary>
    private enum Made
    {
        Nothing,
        ByClockOrCount,
        ByClockCountOrRandom,
    }

    /// <summary>
    /// Hashes, encryption and data protection recognised by name: the platform's hash and HMAC one-shots,
    /// <c>ProtectedData.Protect</c>, ASP.NET Core's <c>IDataProtector.Protect</c>, S3Sec.Crypto's <c>Protect</c>,
    /// and methods whose own name says they hash, encrypt, protect, mask or redact (<c>HashEmail</c>).
    /// </summary>
    public static bool IsProtection(IMethodSymbol method)
    {
        var ns = method.ContainingNamespace;
        var name = method.Name;
        if (SymbolNames.IsWithinNamespace(ns, "System.Security.Cryptography"))
        {
            return name is "HashData" or "HashDataAsync" or "TryHashData" or "ComputeHash" or "ComputeHashAsync"
                or "TryComputeHash" or "Protect" or "Pbkdf2"
                || name.StartsWith("Encrypt", StringComparison.Ordinal);
        }

        if (name == "Protect"
            && (SymbolNames.IsWithinNamespace(ns, "S3Sec.Crypto")
                || SymbolNames.IsWithinNamespace(ns, "Microsoft.AspNetCore.DataProtection")
                || method.ContainingType?.Name is "IDataProtector" or "ITimeLimitedDataProtector"))
        {
            return true;
        }

        return NamesProtection(name);
    }

    private static IOperation? Find(IOperation? value, SensitiveVocabulary vocabulary, int depth)
    {
        if (value is null || depth > MaxDepth)
        {
            return null;
        }

        var operation = value.WithoutConversions();
        if (operation.ConstantValue.HasValue)
        {
            return null;
        }

        switch (operation)
        {
            case IInterpolatedStringOperation interpolated:
                foreach (var part in interpolated.Parts)
                {
                    if (part is IInterpolationOperation interpolation
                        && Find(interpolation.Expression, vocabulary, depth + 1) is { } found)
                    {
                        return found;
                    }
                }

                return null;

            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Add } binary:
                return Find(binary.LeftOperand, vocabulary, depth + 1)
                    ?? Find(binary.RightOperand, vocabulary, depth + 1);

            case IConditionalOperation conditional:
                return Find(conditional.WhenTrue, vocabulary, depth + 1)
                    ?? Find(conditional.WhenFalse, vocabulary, depth + 1);

            case ICoalesceOperation coalesce:
                return Find(coalesce.Value, vocabulary, depth + 1) ?? Find(coalesce.WhenNull, vocabulary, depth + 1);

            case IInvocationOperation invocation:
                return FindInInvocation(invocation, vocabulary, depth);

            case IPropertyReferenceOperation property:
                return IsSensitiveSymbol(property.Property, property.Type, vocabulary) ? property : null;

            case IFieldReferenceOperation field:
                return IsSensitiveSymbol(field.Field, field.Type, vocabulary) ? field : null;

            case IParameterReferenceOperation parameter:
                return IsSensitiveSymbol(parameter.Parameter, parameter.Type, vocabulary) ? parameter : null;

            case ILocalReferenceOperation local:
                if (IsSensitiveSymbol(local.Local, local.Type, vocabulary))
                {
                    return local;
                }

                foreach (var source in SourceResolver.FindSources(local))
                {
                    if (source is not ILocalReferenceOperation
                        && Find(source, vocabulary, depth + 1) is { } fromSource)
                    {
                        return fromSource;
                    }
                }

                return null;

            default:
                return null;
        }
    }

    private static IOperation? FindInInvocation(
        IInvocationOperation invocation,
        SensitiveVocabulary vocabulary,
        int depth)
    {
        var method = invocation.TargetMethod;
        if (IsProtection(method))
        {
            return null;
        }

        if (IsPassThrough(method))
        {
            if (!method.IsStatic && Find(invocation.Instance, vocabulary, depth + 1) is { } fromInstance)
            {
                return fromInstance;
            }

            foreach (var argument in invocation.Arguments)
            {
                if (FindInArgument(argument.Value, vocabulary, depth + 1) is { } fromArgument)
                {
                    return fromArgument;
                }
            }

            return null;
        }

        // A getter-like method names its result: GetEmail(), customer.GetSsn().
        if (vocabulary.IsSensitiveName(method.Name))
        {
            return invocation;
        }

        return method.Name == "ToString" ? Find(invocation.Instance, vocabulary, depth + 1) : null;
    }

    private static IOperation? FindInArgument(IOperation value, SensitiveVocabulary vocabulary, int depth)
    {
        if (value is IArrayCreationOperation { Initializer: { } elements })
        {
            foreach (var element in elements.ElementValues)
            {
                if (Find(element, vocabulary, depth) is { } found)
                {
                    return found;
                }
            }

            return null;
        }

        return Find(value, vocabulary, depth);
    }

    private static bool IsSafe(IOperation? value, int depth, Made made)
    {
        if (value is null || depth > MaxDepth)
        {
            return false;
        }

        var operation = value.WithoutConversions();
        if (operation.ConstantValue.HasValue)
        {
            return true;
        }

        switch (operation)
        {
            case IDefaultValueOperation:
                return true;

            case IInterpolatedStringOperation interpolated:
                foreach (var part in interpolated.Parts)
                {
                    if (part is IInterpolationOperation interpolation
                        && !IsSafe(interpolation.Expression, depth + 1, made))
                    {
                        return false;
                    }
                }

                return true;

            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Add } binary:
                return IsSafe(binary.LeftOperand, depth + 1, made) && IsSafe(binary.RightOperand, depth + 1, made);

            case IConditionalOperation conditional:
                return IsSafe(conditional.WhenTrue, depth + 1, made)
                    && IsSafe(conditional.WhenFalse, depth + 1, made);

            case ICoalesceOperation coalesce:
                return IsSafe(coalesce.Value, depth + 1, made) && IsSafe(coalesce.WhenNull, depth + 1, made);

            case IInvocationOperation invocation:
                return IsSafeInvocation(invocation, depth, made);

            case ILocalReferenceOperation local:
                var sources = SourceResolver.FindSources(local);
                if (sources.IsEmpty)
                {
                    return false;
                }

                foreach (var source in sources)
                {
                    if (source is ILocalReferenceOperation || !IsSafe(source, depth + 1, made))
                    {
                        return false;
                    }
                }

                return true;

            default:
                return made != Made.Nothing && IsMadeHere(operation, made);
        }
    }

    private static bool IsSafeInvocation(IInvocationOperation invocation, int depth, Made made)
    {
        var method = invocation.TargetMethod;
        if (IsProtection(method))
        {
            return true;
        }

        if (made != Made.Nothing && IsMadeHere(invocation, made))
        {
            return true;
        }

        // The text of a safe value is safe: id.ToString("N"), DateTime.UtcNow.ToString("o").
        if (!IsPassThrough(method) && (method.Name != "ToString" || method.IsStatic))
        {
            return false;
        }

        if (!method.IsStatic && !IsSafe(invocation.Instance, depth + 1, made))
        {
            return false;
        }

        foreach (var argument in invocation.Arguments)
        {
            if (argument.Value is IArrayCreationOperation { Initializer: { } elements })
            {
                foreach (var element in elements.ElementValues)
                {
                    if (!IsSafe(element, depth + 1, made))
                    {
                        return false;
                    }
                }
            }
            else if (!IsFormatProvider(argument.Value) && !IsSafe(argument.Value, depth + 1, made))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// A value the program makes itself, which cannot hold data it was given: the clock (<c>DateTime.UtcNow</c>,
    /// <c>TimeProvider.GetUtcNow()</c>), a <c>Count</c> or <c>Length</c>, a counter's increment
    /// (<c>Interlocked.Increment(ref n)</c>, <c>++n</c>), and for <see cref="Made.ByClockCountOrRandom"/>
    /// <c>Guid.NewGuid()</c>.
    /// </summary>
    private static bool IsMadeHere(IOperation operation, Made made)
    {
        switch (operation)
        {
            case IPropertyReferenceOperation { Property: var property }:
                var owner = property.ContainingType;
                if (property.IsStatic)
                {
                    return property.Name is "Now" or "UtcNow" or "Today"
                        && owner?.Name is "DateTime" or "DateTimeOffset"
                        && SymbolNames.IsNamespace(owner.ContainingNamespace, "System");
                }

                return property.Name is "Count" or "Length" or "LongLength"
                    && IsWholeNumber(property.Type);

            case IInvocationOperation { TargetMethod: var method } invocation:
                var type = method.ContainingType;
                if (type is null)
                {
                    return false;
                }

                return (type.Name, method.Name) switch
                {
                    ("Guid", "NewGuid" or "CreateVersion7") => made == Made.ByClockCountOrRandom
                        && SymbolNames.IsNamespace(type.ContainingNamespace, "System"),
                    ("TimeProvider", "GetUtcNow" or "GetLocalNow") =>
                        SymbolNames.IsNamespace(type.ContainingNamespace, "System"),
                    ("Interlocked", "Increment" or "Decrement") =>
                        SymbolNames.IsNamespace(type.ContainingNamespace, "System.Threading")
                        && invocation.Arguments.Length >= 1
                        && IsCounter(invocation.Arguments[0].Value),
                    _ => false,
                };

            case IIncrementOrDecrementOperation increment:
                return IsCounter(increment.Target);

            default:
                return false;
        }
    }

    /// <summary>
    /// What an increment counts: a field of this object or type (<c>++_uploads</c>). One plus a parameter
    /// (<c>++ssn</c>) is still the datum it was given; a local is not followed.
    /// </summary>
    private static bool IsCounter(IOperation target)
        => target.WithoutConversions() is IFieldReferenceOperation { Instance: null or IInstanceReferenceOperation };

    /// <summary>A culture chooses how a value is written, and holds no data of its own.</summary>
    private static bool IsFormatProvider(IOperation value)
    {
        var type = value.WithoutConversions().Type;
        return type?.Name is "CultureInfo" or "IFormatProvider"
            && SymbolNames.IsWithinNamespace(type.ContainingNamespace, "System");
    }

    /// <summary>Calls that carry their input into their result unchanged in meaning: formatting and encoding.</summary>
    private static bool IsPassThrough(IMethodSymbol method)
    {
        var type = method.ContainingType;
        if (type is null)
        {
            return false;
        }

        if (type.SpecialType == SpecialType.System_String)
        {
            return method.Name is "Format" or "Concat" or "Join" or "ToLower" or "ToLowerInvariant" or "ToUpper"
                or "ToUpperInvariant" or "Trim" or "TrimStart" or "TrimEnd" or "Normalize" or "Substring"
                or "Replace" or "PadLeft" or "PadRight" or "ToString";
        }

        var ns = (type.Name, method.Name) switch
        {
            ("Path", "Combine" or "Join") => "System.IO",
            ("Convert", "ToBase64String" or "ToHexString" or "ToHexStringLower") => "System",
            ("BitConverter", "ToString") => "System",
            ("Uri", "EscapeDataString" or "EscapeUriString") => "System",
            ("WebUtility", "UrlEncode") => "System.Net",
            ("HttpUtility", "UrlEncode" or "UrlPathEncode") => "System.Web",
            ("Encoding", "GetBytes") => "System.Text",
            _ => null,
        };
        return ns is not null && SymbolNames.IsNamespace(type.ContainingNamespace, ns);
    }

    private static bool NamesProtection(string methodName) => NameWords.ContainsAny(methodName, ProtectingVerbs);

    /// <summary>
    /// A symbol named after sensitive data, or classified by an attribute; a flag is never the datum.
    /// </summary>
    private static bool IsSensitiveSymbol(ISymbol symbol, ITypeSymbol? type, SensitiveVocabulary vocabulary)
    {
        if (type?.SpecialType == SpecialType.System_Boolean)
        {
            return false;
        }

        return vocabulary.IsSensitiveName(symbol.Name, plurals: !IsWholeNumber(type)) || IsClassified(symbol);
    }

    /// <summary>
    /// A whole number or its text (<c>n.ToString()</c>, <c>$"{n}"</c>): named after the plural of a datum, it
    /// counts the data (<c>emailsSent</c>, <c>Metadata["SSNs"] = count.ToString()</c>) rather than holding one.
    /// </summary>
    public static bool IsWholeNumberText(IOperation? value)
    {
        return value?.WithoutConversions() switch
        {
            IInvocationOperation { TargetMethod.Name: "ToString", Instance: { } instance } =>
                IsWholeNumber(instance.WithoutConversions().Type),
            IInterpolatedStringOperation { Parts.Length: 1 } interpolated =>
                interpolated.Parts[0] is IInterpolationOperation { Expression: var expression }
                && IsWholeNumber(expression.WithoutConversions().Type),
            var other => IsWholeNumber(other?.Type),
        };
    }

    private static bool IsWholeNumber(ITypeSymbol? type)
    {
        return type?.SpecialType is SpecialType.System_SByte or SpecialType.System_Byte or SpecialType.System_Int16
            or SpecialType.System_UInt16 or SpecialType.System_Int32 or SpecialType.System_UInt32
            or SpecialType.System_Int64 or SpecialType.System_UInt64;
    }

    /// <summary>
    /// Data-classification attributes, recognised by name so no package is needed: ASP.NET Core Identity's
    /// <c>[PersonalData]</c> and <c>[ProtectedPersonalData]</c>, any <c>[Sensitive]</c>, and every attribute
    /// derived from Microsoft.Extensions.Compliance's <c>DataClassificationAttribute</c> except the ones that
    /// say "no" or "unknown" classification.
    /// </summary>
    public static bool IsClassified(ISymbol symbol)
    {
        foreach (var attribute in symbol.GetAttributes())
        {
            var attributeClass = attribute.AttributeClass;
            if (attributeClass is null
                || attributeClass.Name is "NoDataClassificationAttribute" or "UnknownDataClassificationAttribute")
            {
                continue;
            }

            for (var current = attributeClass; current is not null; current = current.BaseType)
            {
                switch (current.Name)
                {
                    case "PersonalDataAttribute":
                    case "ProtectedPersonalDataAttribute":
                    case "SensitiveAttribute":
                        return true;
                    case "DataClassificationAttribute"
                        when SymbolNames.IsNamespace(
                            current.ContainingNamespace, "Microsoft.Extensions.Compliance.Classification"):
                        return true;
                }
            }
        }

        return false;
    }
}
