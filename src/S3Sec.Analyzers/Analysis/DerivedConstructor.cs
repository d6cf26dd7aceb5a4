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
    /// <summary>
    /// The creation's arguments that reach the SDK's constructor: all of them for the SDK's own type; for a type
    /// derived directly from it, those its constructor hands <c>base(...)</c> as they are (none for the implicit
    /// constructor or one without an initializer: the SDK's parameterless one runs). False when the constructor
    /// builds its base's arguments itself, calls <c>this(...)</c>, or cannot be read (a primary constructor).
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
        if (creation.Constructor is not { } constructor
            || !S3Model.IsFromS3Sdk(constructor.ContainingType.BaseType))
        {
            return false;
        }

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

        var forwarded = ImmutableArray.CreateBuilder<IArgumentOperation>();
        foreach (var argument in initializer.ArgumentList.Arguments)
        {
            if (argument.NameColon is not null
                || !argument.RefKindKeyword.IsKind(SyntaxKind.None)
                || argument.Expression is not IdentifierNameSyntax name
                || FindParameter(constructor, name.Identifier.ValueText) is not { } parameter
                || FindArgument(creation, parameter) is not { } value)
            {
                return false;
            }

            forwarded.Add(value);
        }

        arguments = forwarded.ToImmutable();
        return true;
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

    private static IArgumentOperation? FindArgument(IObjectCreationOperation creation, IParameterSymbol parameter)
    {
        foreach (var argument in creation.Arguments)
        {
            if (SymbolEqualityComparer.Default.Equals(argument.Parameter, parameter))
            {
                return argument.ArgumentKind == ArgumentKind.Explicit ? argument : null;
            }
        }

        return null;
    }
}
