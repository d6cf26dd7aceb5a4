using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using S3Sec.Analyzers.Model;

namespace S3Sec.Analyzers.Analysis;

/// <summary>
/// The <c>new</c> of an S3 client or transfer utility of the user's own derived type: its constructor, not the
/// SDK's, decides what the base is built from, so a caller's argument says something only when it visibly reaches
/// the SDK's constructor unchanged.
/// </summary>
internal static class DerivedConstructor
{
    // A longer chain of the user's own types is not followed.
    private const int MaxChain = 8;

    /// <summary>
    /// The creation's arguments that reach the SDK's constructor: all of them for the SDK's own type; for a type
    /// derived from it, those its constructors, down the chain of the user's types to the SDK's, hand
    /// <c>base(...)</c> as they are (none for the implicit constructor or one without an initializer: the base's
    /// parameterless one runs). False when a constructor builds its base's arguments itself, calls <c>this(...)</c>,
    /// cannot be read (a primary constructor), or the base constructor it calls cannot be told for certain.
    /// </summary>
    public static bool TryGetForwardedArguments(
        IObjectCreationOperation creation,
        out ImmutableArray<IArgumentOperation> arguments)
    {
        arguments = creation.Arguments;
        if (S3Model.IsFromS3Sdk(creation.Type))
        {
            return true;
        }

        arguments = ImmutableArray<IArgumentOperation>.Empty;
        if (creation.Constructor is not { } constructor)
        {
            return false;
        }

        // Each user constructor's parameters, as the caller's arguments that reach them unchanged.
        var values = new Dictionary<IParameterSymbol, IArgumentOperation>(SymbolEqualityComparer.Default);
        foreach (var argument in creation.Arguments)
        {
            if (argument.Parameter is { } parameter && argument.ArgumentKind == ArgumentKind.Explicit)
            {
                values[parameter] = argument;
            }
        }

        for (var depth = 0; depth < MaxChain; depth++)
        {
            if (constructor.ContainingType.BaseType is not { } baseType)
            {
                return false;
            }

            if (!TryGetBaseArguments(constructor, values, out var forwarded))
            {
                return false;
            }

            if (S3Model.IsFromS3Sdk(baseType))
            {
                arguments = forwarded;
                return true;
            }

            if (FindBaseConstructor(baseType, forwarded.Length) is not { } next)
            {
                return false;
            }

            values = new Dictionary<IParameterSymbol, IArgumentOperation>(SymbolEqualityComparer.Default);
            for (var i = 0; i < forwarded.Length; i++)
            {
                values[next.Parameters[i]] = forwarded[i];
            }

            constructor = next;
        }

        return false;
    }

    /// <summary>
    /// The caller's arguments that the constructor hands <c>base(...)</c> unchanged, in order; none when the base's
    /// parameterless constructor runs.
    /// </summary>
    private static bool TryGetBaseArguments(
        IMethodSymbol constructor,
        Dictionary<IParameterSymbol, IArgumentOperation> values,
        out ImmutableArray<IArgumentOperation> forwarded)
    {
        forwarded = ImmutableArray<IArgumentOperation>.Empty;
        if (constructor.IsImplicitlyDeclared)
        {
            return true;
        }

        if (constructor.DeclaringSyntaxReferences.Length != 1
            || constructor.DeclaringSyntaxReferences[0].GetSyntax() is not ConstructorDeclarationSyntax declaration)
        {
            return false;
        }

        if (declaration.Initializer is not { } initializer)
        {
            return true;
        }

        if (!initializer.IsKind(SyntaxKind.BaseConstructorInitializer))
        {
            return false;
        }

        var builder = ImmutableArray.CreateBuilder<IArgumentOperation>();
        foreach (var argument in initializer.ArgumentList.Arguments)
        {
            if (argument.NameColon is not null
                || !argument.RefKindKeyword.IsKind(SyntaxKind.None)
                || argument.Expression is not IdentifierNameSyntax name
                || FindParameter(constructor, name.Identifier.ValueText) is not { } parameter
                || !values.TryGetValue(parameter, out var value))
            {
                return false;
            }

            builder.Add(value);
        }

        forwarded = builder.ToImmutable();
        return true;
    }

    /// <summary>
    /// The user's base constructor that <c>base(...)</c> with this many positional arguments calls, when only one
    /// can be: the one with exactly that many parameters, no optional or params ones anywhere to compete.
    /// </summary>
    private static IMethodSymbol? FindBaseConstructor(INamedTypeSymbol baseType, int count)
    {
        IMethodSymbol? found = null;
        foreach (var candidate in baseType.InstanceConstructors)
        {
            foreach (var parameter in candidate.Parameters)
            {
                if (parameter.IsOptional || parameter.IsParams)
                {
                    return null;
                }
            }

            if (candidate.Parameters.Length != count)
            {
                continue;
            }

            if (found is not null)
            {
                return null;
            }

            found = candidate;
        }

        return found;
    }

    private static IParameterSymbol? FindParameter(IMethodSymbol method, string name)
    {
        foreach (var parameter in method.Parameters)
        {
            if (parameter.Name == name)
            {
                return parameter;
            }
        }

        return null;
    }
}
