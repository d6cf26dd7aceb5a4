using System.Collections.Concurrent;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using S3Sec.Analyzers.Model;

namespace S3Sec.Analyzers.Analysis;

/// <summary>
/// A small taint analysis for client-side master keys. The sources are the values handed to a master key's
/// holder (encryption materials, an envelope master key) and everything those values were derived from or
/// re-imported into; the taint follows locals and fields of the same type, exports of the key (<c>aes.Key</c>,
/// private RSA parameters and encodings) and lossless transformations (Base64, hex, text encodings, string
/// building, <c>MemoryStream</c>). An encryption under the key is not the key, so methods not listed stop it.
/// </summary>
internal sealed class MasterKeyFlow
{
    private const int MaxDepth = 10;

    private static readonly HashSet<string> PrivateKeyExports = new()
    {
        "ExportRSAPrivateKey", "ExportPkcs8PrivateKey", "ExportRSAPrivateKeyPem", "ExportPkcs8PrivateKeyPem",
        "ExportECPrivateKey", "ExportECPrivateKeyPem",
    };

    private static readonly HashSet<string> PrivateParameters = new() { "D", "P", "Q", "DP", "DQ", "InverseQ", "X" };

    private static readonly HashSet<string> KeyImports = new()
    {
        "ImportParameters", "ImportRSAPrivateKey", "ImportPkcs8PrivateKey", "ImportFromPem", "FromXmlString",
        "ImportECPrivateKey",
    };

    /// <summary>Instance methods whose result carries the whole of their receiver.</summary>
    private static readonly HashSet<string> CopyingMethods = new()
    {
        "ToArray", "AsSpan", "AsMemory", "Clone", "GetBuffer", "Trim", "ToLowerInvariant", "ToUpperInvariant",
        "ToLower", "ToUpper",
    };

    private static readonly HashSet<string> FileWrites = new()
    {
        "WriteAllBytes", "WriteAllBytesAsync", "WriteAllText", "WriteAllTextAsync", "WriteAllLines",
        "WriteAllLinesAsync",
    };

    private readonly ConcurrentDictionary<SyntaxNode, HashSet<ISymbol>> _roots = new();

    /// <summary>
    /// Each tree's text when it may build a master key holder, null when it cannot. A holder that yields roots is
    /// a node of its type (or of the top-level code), so its hint is in the tree's text too: a tree without one
    /// answers every value in it with no walk at all. For the usual string-backed text the string is the one the
    /// tree already holds, not a copy.
    /// </summary>
    private readonly ConcurrentDictionary<SyntaxTree, string?> _texts = new();

    /// <summary>
    /// The writes to own fields and properties, so a type is not scanned again for every read of a member. The
    /// cache answers by the file of the reference itself (a member of a partial type declared in another file has
    /// none), so one serves every tree.
    /// </summary>
    private readonly MemberWriteCache _memberWrites = new();

    private static readonly System.Func<SyntaxTree, string?> HolderText = tree =>
    {
        var text = tree.GetText().ToString();
        return MayBuildHolder(text, 0, text.Length) ? text : null;
    };

    /// <summary>
    /// False when nothing in the tree can be a master key: <see cref="IsMasterKey"/> and
    /// <see cref="IsFileHoldingMasterKey"/> are false for every value in it. Asked first, it spares the sink checks in
    /// the many files that build no holder.
    /// </summary>
    public bool TreeMayHoldMasterKey(SyntaxTree tree) => _texts.GetOrAdd(tree, HolderText) is not null;

    /// <summary>True when the value is, or is derived from, a client-side master key.</summary>
    public bool IsMasterKey(IOperation value)
    {
        if (value.SemanticModel is not { } model
            || _texts.GetOrAdd(value.Syntax.SyntaxTree, HolderText) is not { } text)
        {
            return false;
        }

        var scope = ScopeOf(value);
        var roots = _roots.GetOrAdd(scope, s => CollectRoots(s, model, text));
        return roots.Count > 0 && IsTainted(value, roots, new HashSet<ISymbol>(SymbolEqualityComparer.Default), 0);
    }

    /// <summary>
    /// True when the value names a file that the same method has just written the master key to
    /// (<c>File.WriteAllBytes(path, key)</c>), so uploading the file uploads the key.
    /// </summary>
    public bool IsFileHoldingMasterKey(IOperation value)
    {
        // Only IsMasterKey can make this true, and it is false everywhere in a tree without a holder.
        if (value.Type?.SpecialType != SpecialType.System_String
            || _texts.GetOrAdd(value.Syntax.SyntaxTree, HolderText) is null)
        {
            return false;
        }

        foreach (var operation in OriginTracker.GetRoot(value).Descendants())
        {
            if (operation is IInvocationOperation { Arguments.Length: >= 2 } invocation
                && FileWrites.Contains(invocation.TargetMethod.Name)
                && SymbolNames.IsType(invocation.TargetMethod.ContainingType, "System.IO.File")
                && SamePath(invocation.Arguments[0].Value, value)
                && IsMasterKey(invocation.Arguments[1].Value))
            {
                return true;
            }
        }

        return false;
    }

    private static SyntaxNode ScopeOf(IOperation value)
    {
        var syntax = value.Syntax;
        return (SyntaxNode?)syntax.FirstAncestorOrSelf<TypeDeclarationSyntax>() ?? syntax.SyntaxTree.GetRoot();
    }

    /// <summary>
    /// Every local, parameter, field or property in the type that holds a master key: the key argument of each
    /// master key holder built in the type, what it was decoded from, and what is imported into a key object.
    /// </summary>
    private static HashSet<ISymbol> CollectRoots(SyntaxNode scope, SemanticModel model, string treeText)
    {
        var roots = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
        if (!MayBuildHolder(treeText, scope.Span.Start, scope.Span.End))
        {
            return roots;
        }

        List<SyntaxNode>? imports = null;
        foreach (var node in scope.DescendantNodes())
        {
            switch (node)
            {
                case ObjectCreationExpressionSyntax { Type: var type } when MayHoldMasterKey(RightmostName(type)):
                case ImplicitObjectCreationExpressionSyntax:
                case InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access }
                    when MayHoldMasterKey(RightmostName(access.Expression)):
                    if (model.GetOperation(node) is { } holder)
                    {
                        foreach (var key in KeyArguments(holder))
                        {
                            Mark(key, roots, 0);
                        }
                    }

                    break;

                case AssignmentExpressionSyntax
                {
                    Left: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Key" },
                }:
                case InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax imported }
                    when KeyImports.Contains(imported.Name.Identifier.ValueText):
                    (imports ??= new List<SyntaxNode>()).Add(node);
                    break;
            }
        }

        if (imports is not null && roots.Count > 0)
        {
            // "aes.Key = bytes" or "rsa.ImportPkcs8PrivateKey(bytes, out _)" on a master key object: bytes is it too.
            foreach (var node in imports)
            {
                switch (model.GetOperation(node))
                {
                    case ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Instance: { } target } } set
                        when IsSymmetricAlgorithm(target.Type) && IsRoot(target, roots):
                        Mark(set.Value, roots, 0);
                        break;
                    case IInvocationOperation { Instance: { } target, Arguments.Length: > 0 } import
                        when IsRoot(target, roots):
                        Mark(import.Arguments[0].Value, roots, 0);
                        break;
                }
            }
        }

        return roots;
    }

    /// <summary>
    /// A search of the type's text before the syntax walk, which was the largest part of this analysis on code
    /// with no client-side encryption: roots start at a holder built in the type, and that needs the holder's name
    /// in the text (<c>new EncryptionMaterialsV2(...)</c>, <c>LocalMasterKey.From(...)</c>) or a <c>new</c> that
    /// does not name its type (<c>new(...)</c>). Anything else after <c>new</c>, and unicode escapes in names,
    /// fall back to the walk.
    /// </summary>
    private static bool MayBuildHolder(string text, int start, int end)
    {
        // Searched in place between the scope's bounds: a substring of every type's text was most of this check.
        var count = end - start;
        if (text.IndexOf("EncryptionMaterials", start, count, System.StringComparison.Ordinal) >= 0
            || text.IndexOf("MasterKey", start, count, System.StringComparison.Ordinal) >= 0
            || HasUnicodeEscape(text, start, end))
        {
            return true;
        }

        for (var at = text.IndexOf("new", start, count, System.StringComparison.Ordinal);
            at >= 0;
            at = text.IndexOf("new", at + 3, end - at - 3, System.StringComparison.Ordinal))
        {
            if (at > start && IsNamePart(text[at - 1]))
            {
                continue;
            }

            var next = at + 3;
            if (next < end && IsNamePart(text[next]))
            {
                continue;
            }

            while (next < end && char.IsWhiteSpace(text[next]))
            {
                next++;
            }

            // A named type, an implicitly typed array (new[]) and an anonymous object (new { }) build no holder; only
            // a new whose type is left to the target can, and anything else (a comment, the end) is kept to be safe.
            if (next >= end || !(char.IsLetter(text[next]) || text[next] is '_' or '@' or '[' or '{'))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// A <c>\u</c> or <c>\U</c> escape, which can spell any name. Found from each backslash, a single character search:
    /// asked for every file, a case-insensitive search for the pair was a third of this whole test.
    /// </summary>
    private static bool HasUnicodeEscape(string text, int start, int end)
    {
        for (var at = text.IndexOf('\\', start, end - start);
            at >= 0 && at + 1 < end;
            at = text.IndexOf('\\', at + 1, end - at - 1))
        {
            if (text[at + 1] is 'u' or 'U')
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsNamePart(char c) => char.IsLetterOrDigit(c) || c is '_' or '@';

    private static bool MayHoldMasterKey(string? name)
    {
        return name is not null
            && (name.StartsWith("EncryptionMaterials", System.StringComparison.Ordinal)
                || name.EndsWith("MasterKey", System.StringComparison.Ordinal));
    }

    private static string? RightmostName(ExpressionSyntax expression)
    {
        return expression switch
        {
            SimpleNameSyntax simple => simple.Identifier.ValueText,
            QualifiedNameSyntax qualified => qualified.Right.Identifier.ValueText,
            MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText,
            AliasQualifiedNameSyntax alias => alias.Name.Identifier.ValueText,
            _ => null,
        };
    }

    /// <summary>The arguments of a constructor or factory that become the master key of the object it builds.</summary>
    private static IEnumerable<IOperation> KeyArguments(IOperation holder)
    {
        ITypeSymbol? built;
        IMethodSymbol? method;
        System.Collections.Immutable.ImmutableArray<IArgumentOperation> arguments;
        switch (holder)
        {
            case IObjectCreationOperation creation:
                built = creation.Type;
                method = creation.Constructor;
                arguments = creation.Arguments;
                break;
            case IInvocationOperation { TargetMethod.IsStatic: true } factory:
                built = factory.TargetMethod.ContainingType;
                method = factory.TargetMethod;
                arguments = factory.Arguments;
                if (!SymbolEqualityComparer.Default.Equals(method.ReturnType, built)
                    || method.Name.IndexOf("Public", System.StringComparison.Ordinal) >= 0)
                {
                    yield break;
                }

                break;
            default:
                yield break;
        }

        var materials = ClientSideModel.IsEncryptionMaterials(built);
        if (method is null || (!materials && !ClientSideModel.IsEnvelopeLocalMasterKey(built)))
        {
            yield break;
        }

        foreach (var argument in arguments)
        {
            var type = argument.Parameter?.Type;
            if (IsCryptoAlgorithm(type) || (!materials && IsKeyMaterialType(type)))
            {
                yield return argument.Value;
            }
        }
    }

    /// <summary>Adds the symbols that hold the key, walking back through the decodings that produced it.</summary>
    private static void Mark(IOperation? value, HashSet<ISymbol> roots, int depth)
    {
        if (value is null || depth > MaxDepth)
        {
            return;
        }

        var operation = value.WithoutConversions();
        switch (operation)
        {
            case ILocalReferenceOperation local:
                if (roots.Add(local.Local))
                {
                    foreach (var write in OriginTracker.FindWrites(OriginTracker.GetRoot(local), local.Local))
                    {
                        Mark(write, roots, depth + 1);
                    }
                }

                break;
            case IParameterReferenceOperation parameter:
                roots.Add(parameter.Parameter);
                break;
            case IFieldReferenceOperation field when IsOwn(field.Instance):
                roots.Add(field.Field);
                break;
            case IPropertyReferenceOperation property when IsOwn(property.Instance) && property.Arguments.IsEmpty:
                roots.Add(property.Property);
                break;
            case IPropertyReferenceOperation { Property.Name: "Key", Instance: { } instance }
                when IsSymmetricAlgorithm(instance.Type):
                Mark(instance, roots, depth + 1);
                break;
            case IInvocationOperation invocation when IsTransformation(invocation, out var input):
                Mark(input, roots, depth + 1);
                break;
        }
    }

    private bool IsTainted(IOperation? value, HashSet<ISymbol> roots, HashSet<ISymbol> visited, int depth)
    {
        if (value is null || depth > MaxDepth)
        {
            return false;
        }

        var operation = value.WithoutConversions();
        switch (operation)
        {
            case ILocalReferenceOperation local:
                if (roots.Contains(local.Local))
                {
                    return true;
                }

                if (!visited.Add(local.Local))
                {
                    return false;
                }

                foreach (var write in OriginTracker.FindWrites(OriginTracker.GetRoot(local), local.Local))
                {
                    if (IsTainted(write, roots, visited, depth + 1))
                    {
                        return true;
                    }
                }

                return false;

            case IParameterReferenceOperation parameter:
                return roots.Contains(parameter.Parameter);

            case IFieldReferenceOperation field when IsOwn(field.Instance):
                return roots.Contains(field.Field) || IsMemberTainted(field.Field, operation, roots, visited, depth);

            case IPropertyReferenceOperation property when IsOwn(property.Instance) && property.Arguments.IsEmpty:
                return roots.Contains(property.Property)
                    || IsMemberTainted(property.Property, operation, roots, visited, depth);

            case IPropertyReferenceOperation { Instance: { } instance } property:
                return IsExportedProperty(property) && IsTainted(instance, roots, visited, depth + 1);

            case IFieldReferenceOperation { Instance: { } instance } field:
                // RSAParameters and its kin expose the key as public fields.
                return PrivateParameters.Contains(field.Field.Name)
                    && IsKeyParameters(instance.Type)
                    && IsTainted(instance, roots, visited, depth + 1);

            case IInvocationOperation invocation:
                if (IsPrivateKeyExport(invocation))
                {
                    return IsTainted(invocation.Instance, roots, visited, depth + 1);
                }

                return IsTransformation(invocation, out var input) && IsTainted(input, roots, visited, depth + 1)
                    || IsStringBuilding(invocation) && AnyArgumentTainted(invocation.Arguments, roots, visited, depth);

            case IObjectCreationOperation creation when IsWrapper(creation.Type) && !creation.Arguments.IsEmpty:
                return IsTainted(creation.Arguments[0].Value, roots, visited, depth + 1);

            case IInterpolatedStringOperation interpolated:
                foreach (var part in interpolated.Parts)
                {
                    if (part is IInterpolationOperation interpolation
                        && IsTainted(interpolation.Expression, roots, visited, depth + 1))
                    {
                        return true;
                    }
                }

                return false;

            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Add } binary
                when binary.Type?.SpecialType == SpecialType.System_String:
                return IsTainted(binary.LeftOperand, roots, visited, depth + 1)
                    || IsTainted(binary.RightOperand, roots, visited, depth + 1);

            case IConditionalOperation conditional:
                return IsTainted(conditional.WhenTrue, roots, visited, depth + 1)
                    || IsTainted(conditional.WhenFalse, roots, visited, depth + 1);

            case ICoalesceOperation coalesce:
                return IsTainted(coalesce.Value, roots, visited, depth + 1)
                    || IsTainted(coalesce.WhenNull, roots, visited, depth + 1);

            case IArrayCreationOperation { Initializer: { } initializer }:
                foreach (var element in initializer.ElementValues)
                {
                    if (IsTainted(element, roots, visited, depth + 1))
                    {
                        return true;
                    }
                }

                return false;

            default:
                return false;
        }
    }

    /// <summary>A field or property of the same type is tainted when a value it is given in the type is.</summary>
    private bool IsMemberTainted(
        ISymbol member,
        IOperation reference,
        HashSet<ISymbol> roots,
        HashSet<ISymbol> visited,
        int depth)
    {
        if (!visited.Add(member))
        {
            return false;
        }

        foreach (var source in SourceResolver.FindSources(reference, _memberWrites))
        {
            if (source != reference && IsTainted(source, roots, visited, depth + 1))
            {
                return true;
            }
        }

        return false;
    }

    private bool AnyArgumentTainted(
        System.Collections.Immutable.ImmutableArray<IArgumentOperation> arguments,
        HashSet<ISymbol> roots,
        HashSet<ISymbol> visited,
        int depth)
    {
        foreach (var argument in arguments)
        {
            if (IsTainted(argument.Value, roots, visited, depth + 1))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary><c>aes.Key</c>, or a private member of key parameters exposed as a property.</summary>
    private static bool IsExportedProperty(IPropertyReferenceOperation property)
    {
        var instanceType = property.Instance?.Type;
        return property.Property.Name switch
        {
            "Key" => IsSymmetricAlgorithm(instanceType),
            _ => PrivateParameters.Contains(property.Property.Name) && IsKeyParameters(instanceType),
        };
    }

    /// <summary>
    /// <c>ExportParameters(true)</c>, <c>ToXmlString(true)</c> and the private key exports; the public exports
    /// (<c>false</c>, <c>ExportRSAPublicKey</c>, <c>ExportSubjectPublicKeyInfo</c>) are not the key.
    /// </summary>
    private static bool IsPrivateKeyExport(IInvocationOperation invocation)
    {
        var name = invocation.TargetMethod.Name;
        if (invocation.Instance is null || !IsCryptoAlgorithm(invocation.Instance.Type))
        {
            return false;
        }

        if (name is "ExportParameters" or "ToXmlString")
        {
            return invocation.Arguments.Length == 1
                && invocation.Arguments[0].Value.ConstantValue is { HasValue: true, Value: true };
        }

        return PrivateKeyExports.Contains(name);
    }

    /// <summary>A lossless re-encoding of one input: Base64, hex, text encodings and copies.</summary>
    private static bool IsTransformation(IInvocationOperation invocation, out IOperation? input)
    {
        input = null;
        var method = invocation.TargetMethod;
        var container = method.ContainingType;
        if (method.IsStatic && invocation.Arguments.Length > 0)
        {
            var known = container?.Name switch
            {
                "Convert" => method.Name is "ToBase64String" or "FromBase64String" or "ToHexString"
                    or "ToHexStringLower" or "FromHexString" or "ToBase64CharArray"
                    && SymbolNames.IsType(container, "System.Convert"),
                "BitConverter" => method.Name == "ToString" && SymbolNames.IsType(container, "System.BitConverter"),
                _ => false,
            };
            if (known)
            {
                input = invocation.Arguments[0].Value;
            }

            return known;
        }

        if (invocation.Instance is null)
        {
            return false;
        }

        if (IsEncoding(method.ContainingType) && method.Name is "GetString" or "GetBytes" or "GetChars"
            && invocation.Arguments.Length > 0)
        {
            input = invocation.Arguments[0].Value;
            return true;
        }

        if (CopyingMethods.Contains(method.Name)
            || (method.Name == "ToString" && invocation.Instance.Type?.Name is "String" or "StringBuilder"))
        {
            input = invocation.Instance;
            return true;
        }

        return false;
    }

    private static bool IsStringBuilding(IInvocationOperation invocation)
    {
        var method = invocation.TargetMethod;
        return method.IsStatic
            && method.ContainingType?.SpecialType == SpecialType.System_String
            && method.Name is "Concat" or "Format" or "Join";
    }

    private static bool IsWrapper(ITypeSymbol? type)
    {
        return type?.SpecialType == SpecialType.System_String
            || SymbolNames.IsType(type, "System.IO.MemoryStream")
            || SymbolNames.IsType(type, "System.Text.StringBuilder");
    }

    private static bool IsEncoding(ITypeSymbol? type) => SymbolNames.DerivesFrom(type, "System.Text.Encoding");

    private static bool IsRoot(IOperation target, HashSet<ISymbol> roots)
    {
        return target.WithoutConversions() switch
        {
            ILocalReferenceOperation local => roots.Contains(local.Local),
            IParameterReferenceOperation parameter => roots.Contains(parameter.Parameter),
            IFieldReferenceOperation field => roots.Contains(field.Field),
            IPropertyReferenceOperation property => roots.Contains(property.Property),
            _ => false,
        };
    }

    private static bool SamePath(IOperation written, IOperation uploaded)
    {
        var left = written.WithoutConversions();
        var right = uploaded.WithoutConversions();
        if (left.ConstantValue is { HasValue: true, Value: string a }
            && right.ConstantValue is { HasValue: true, Value: string b })
        {
            return a == b;
        }

        var leftSymbol = SymbolOf(left);
        return leftSymbol is not null && SymbolEqualityComparer.Default.Equals(leftSymbol, SymbolOf(right));
    }

    private static ISymbol? SymbolOf(IOperation operation)
    {
        return operation switch
        {
            ILocalReferenceOperation local => local.Local,
            IParameterReferenceOperation parameter => parameter.Parameter,
            IFieldReferenceOperation field => field.Field,
            IPropertyReferenceOperation { Arguments.IsEmpty: true } property => property.Property,
            _ => null,
        };
    }

    private static bool IsOwn(IOperation? instance) => instance is null or IInstanceReferenceOperation;

    private static bool IsCryptoAlgorithm(ITypeSymbol? type)
    {
        return DerivesFrom(type, "System.Security.Cryptography.SymmetricAlgorithm")
            || DerivesFrom(type, "System.Security.Cryptography.AsymmetricAlgorithm");
    }

    private static bool IsSymmetricAlgorithm(ITypeSymbol? type)
        => DerivesFrom(type, "System.Security.Cryptography.SymmetricAlgorithm");

    private static bool IsKeyParameters(ITypeSymbol? type)
    {
        return type?.Name is "RSAParameters" or "DSAParameters" or "ECParameters"
            && SymbolNames.IsNamespace(type.ContainingNamespace, "System.Security.Cryptography");
    }

    /// <summary>Bytes, characters or text: the forms a key is handed over in.</summary>
    private static bool IsKeyMaterialType(ITypeSymbol? type)
    {
        if (type is null)
        {
            return false;
        }

        if (type.SpecialType == SpecialType.System_String)
        {
            return true;
        }

        if (type is IArrayTypeSymbol array)
        {
            return array.ElementType.SpecialType is SpecialType.System_Byte or SpecialType.System_Char;
        }

        return type is INamedTypeSymbol { IsGenericType: true, TypeArguments.Length: 1 } generic
            && generic.Name is "ReadOnlySpan" or "Span" or "ReadOnlyMemory" or "Memory"
            && generic.TypeArguments[0].SpecialType is SpecialType.System_Byte or SpecialType.System_Char;
    }

    private static bool DerivesFrom(ITypeSymbol? type, string baseName)
    {
        return SymbolNames.DerivesFrom(type, baseName);
    }
}
