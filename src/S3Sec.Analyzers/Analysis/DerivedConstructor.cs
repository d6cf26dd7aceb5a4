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
    /// <c>base(...)</c> or <c>this(...)</c> as they are, a primary constructor's base type included (none for the
    /// implicit constructor or one without an initializer: the base's parameterless one runs). False when a
    /// constructor builds the arguments it hands on itself, cannot be read, or the constructor it calls cannot be
    /// told for certain.
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

        // Each step follows one constructor initializer: base(...) one type down, this(...) within the type. The
        // bound also ends a cycle of this(...) calls, which only broken code has.
        for (var depth = 0; depth < MaxChain; depth++)
        {
            var type = constructor.ContainingType;
            if (type.BaseType is not { } baseType
                || !TryGetInitializerArguments(constructor, values, out var forwarded, out var chainsToThis))
            {
                return false;
            }

            if (!chainsToThis && S3Model.IsFromS3Sdk(baseType))
            {
                // Every argument the SDK gets must be the caller's: an unseen one may be the configuration.
                var builder = ImmutableArray.CreateBuilder<IArgumentOperation>(forwarded.Length);
                foreach (var argument in forwarded)
                {
                    if (argument is null)
                    {
                        return false;
                    }

                    builder.Add(argument);
                }

                arguments = builder.MoveToImmutable();
                return true;
            }

            if (FindConstructor(chainsToThis ? type : baseType, forwarded.Length) is not { } next)
            {
                return false;
            }

            values = new Dictionary<IParameterSymbol, IArgumentOperation>(SymbolEqualityComparer.Default);
            for (var i = 0; i < forwarded.Length; i++)
            {
                if (forwarded[i] is { } argument)
                {
                    values[next.Parameters[i]] = argument;
                }
            }

            constructor = next;
        }

        return false;
    }

    /// <summary>
    /// The caller's arguments that the constructor hands <c>base(...)</c>, or <c>this(...)</c> when
    /// <paramref name="chainsToThis"/>, unchanged and in order; none when the base's parameterless constructor runs.
    /// A primary constructor's initializer is the argument list on its base type (<c>class C(X x) : Base(x)</c>).
    /// A constant or a plain name there (<c>this(config, "audit")</c>) is a null entry: no caller's value, and
    /// nothing handed the caller's values that could change them; anything else is not followed.
    /// </summary>
    private static bool TryGetInitializerArguments(
        IMethodSymbol constructor,
        Dictionary<IParameterSymbol, IArgumentOperation> values,
        out ImmutableArray<IArgumentOperation?> forwarded,
        out bool chainsToThis)
    {
        forwarded = ImmutableArray<IArgumentOperation?>.Empty;
        chainsToThis = false;
        if (constructor.IsImplicitlyDeclared)
        {
            return true;
        }

        if (constructor.DeclaringSyntaxReferences.Length != 1)
        {
            return false;
        }

        ArgumentListSyntax? initializerArguments;
        switch (constructor.DeclaringSyntaxReferences[0].GetSyntax())
        {
            case ConstructorDeclarationSyntax { Initializer: { } initializer }:
                chainsToThis = initializer.IsKind(SyntaxKind.ThisConstructorInitializer);
                initializerArguments = initializer.ArgumentList;
                break;

            // Without an initializer the base's parameterless constructor runs, unless the type has a primary
            // constructor: then the code does not compile, and nothing is known.
            case ConstructorDeclarationSyntax:
                return !HasPrimaryConstructor(constructor.ContainingType);

            case TypeDeclarationSyntax { ParameterList: not null }:
                initializerArguments = PrimaryBaseArguments(constructor.ContainingType, out var unique);
                if (!unique)
                {
                    return false;
                }

                if (initializerArguments is null)
                {
                    return true;
                }

                break;

            default:
                return false;
        }

        var builder = ImmutableArray.CreateBuilder<IArgumentOperation?>();
        foreach (var argument in initializerArguments.Arguments)
        {
            if (argument.NameColon is not null || !argument.RefKindKeyword.IsKind(SyntaxKind.None))
            {
                return false;
            }

            if (argument.Expression is IdentifierNameSyntax name
                && FindParameter(constructor, name.Identifier.ValueText) is { } parameter)
            {
                builder.Add(values.TryGetValue(parameter, out var value) ? value : null);
            }
            else if (RunsNoCode(argument.Expression))
            {
                builder.Add(null);
            }
            else
            {
                return false;
            }
        }

        forwarded = builder.ToImmutable();
        return true;
    }

    /// <summary>
    /// The argument list a primary constructor hands its base (<c>: AmazonS3Client(config)</c>), null when the base
    /// type has none. <paramref name="unique"/> is false when more than one part of the type writes one, which does
    /// not compile.
    /// </summary>
    private static ArgumentListSyntax? PrimaryBaseArguments(INamedTypeSymbol type, out bool unique)
    {
        ArgumentListSyntax? found = null;
        unique = true;
        foreach (var part in type.DeclaringSyntaxReferences)
        {
            if (part.GetSyntax() is not TypeDeclarationSyntax { BaseList: { } bases })
            {
                continue;
            }

            foreach (var baseType in bases.Types)
            {
                if (baseType is not PrimaryConstructorBaseTypeSyntax primary)
                {
                    continue;
                }

                unique &= found is null;
                found = primary.ArgumentList;
            }
        }

        return found;
    }

    private static bool HasPrimaryConstructor(INamedTypeSymbol type)
    {
        foreach (var part in type.DeclaringSyntaxReferences)
        {
            if (part.GetSyntax() is TypeDeclarationSyntax { ParameterList: not null })
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The user's constructor of <paramref name="type"/> that <c>base(...)</c> or <c>this(...)</c> with this many
    /// positional arguments calls, when only one can be: the one with exactly that many parameters, no optional or
    /// params ones anywhere to compete.
    /// </summary>
    private static IMethodSymbol? FindConstructor(INamedTypeSymbol type, int count)
    {
        IMethodSymbol? found = null;
        foreach (var candidate in type.InstanceConstructors)
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

    private static bool RunsNoCode(ExpressionSyntax expression)
    {
        return expression switch
        {
            LiteralExpressionSyntax or DefaultExpressionSyntax or IdentifierNameSyntax => true,
            MemberAccessExpressionSyntax { Expression: var inner, Name: IdentifierNameSyntax } => RunsNoCode(inner),
            _ => false,
        };
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
