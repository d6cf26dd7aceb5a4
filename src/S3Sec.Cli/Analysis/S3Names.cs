using System;
using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace S3Sec.Cli.Analysis;

/// <summary>
/// The names through which code reaches a value of a type the rules reason about, read once per compilation: the
/// public type names of <c>Amazon</c> and <c>S3Sec</c> namespaces (the AWS SDK's, the encryption client's,
/// S3Sec.Crypto's, stand-ins declared in source), the aliases the sources declare, the source types deriving from
/// one of those, the source members (fields, properties, methods, events, delegates, primary constructor
/// parameters) whose signature (type, return type, parameter types) writes one of them, and the source types that
/// declare such a member (indexers and operators included). Every S3Sec rule starts at an operation on such a
/// value: the <c>new</c> of an SDK type, or a call, assignment or enum read on a receiver that the member's text
/// names by one of those names or through a parameter whose type it writes. A member that writes none of them, and
/// no target-typed <c>new</c>, holds no such operation, so <see cref="LeanTrees"/> may leave its body out of the
/// analysis. SDK member names are not needed on their own (a member is reached through its receiver), which keeps
/// out the names the SDK shares with the base library (<c>StartsWith</c>, <c>Value</c>, ...).
/// </summary>
internal sealed class S3Names
{
    private readonly HashSet<string> _names;
    private readonly HashSet<string> _derived;

    private S3Names(HashSet<string> names, HashSet<string> derived)
    {
        _names = names;
        _derived = derived;
    }

    public bool Contains(string name) => _names.Contains(name);

    /// <summary>
    /// True for a source type some part of which lists a known name among its bases: its members reach the SDK
    /// through <c>this</c> without writing it, in every part of the type.
    /// </summary>
    public bool Derives(string typeName) => _derived.Contains(typeName);

    /// <summary>
    /// The names of <paramref name="compilation"/>: its references' <c>Amazon</c> namespaces, then its sources read
    /// as syntax, so that no source declaration is bound for this.
    /// </summary>
    public static S3Names For(Compilation compilation, CancellationToken cancellationToken)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var ns in compilation.RemoveAllSyntaxTrees().GlobalNamespace.GetNamespaceMembers())
        {
            if (IsReasonedAbout(ns.Name))
            {
                AddTypeNames(ns, names, cancellationToken);
            }
        }

        var derived = AddSourceNames(compilation.SyntaxTrees, names, cancellationToken);
        return new S3Names(names, derived);
    }

    /// <summary>
    /// The public type names of a namespace tree, leaving out <c>Internal</c> namespaces: the SDK's plumbing is
    /// public too, and no rule looks at it.
    /// </summary>
    private static void AddTypeNames(INamespaceSymbol root, HashSet<string> names, CancellationToken cancellationToken)
    {
        var pending = new Stack<INamespaceOrTypeSymbol>();
        pending.Push(root);
        while (pending.Count > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            switch (pending.Pop())
            {
                case INamespaceSymbol ns when ns.Name != "Internal":
                    foreach (var member in ns.GetMembers())
                    {
                        pending.Push(member);
                    }

                    break;
                case INamedTypeSymbol { DeclaredAccessibility: Accessibility.Public } type:
                    names.Add(type.Name);
                    foreach (var nested in type.GetTypeMembers())
                    {
                        pending.Push(nested);
                    }

                    break;
            }
        }
    }

    /// <summary>
    /// The source names, read from syntax: a name written in a declared type that is not an SDK name costs only a
    /// larger analysis. Repeated until nothing is added, so that chains (a field of a type deriving from a type
    /// deriving from an SDK type) are followed.
    /// </summary>
    private static HashSet<string> AddSourceNames(
        IEnumerable<SyntaxTree> trees, HashSet<string> names, CancellationToken cancellationToken)
    {
        var typed = new List<(string Name, SyntaxNode Type)>();
        var bases = new List<(string Name, BaseListSyntax Bases)>();
        foreach (var tree in trees)
        {
            cancellationToken.ThrowIfCancellationRequested();
            foreach (var node in tree.GetRoot(cancellationToken).DescendantNodes(DescendsIntoDeclarations))
            {
                Read(node, names, typed);
                if (node is TypeDeclarationSyntax { BaseList: { } baseList } type)
                {
                    bases.Add((type.Identifier.ValueText, baseList));
                }
            }
        }

        for (var added = true; added;)
        {
            cancellationToken.ThrowIfCancellationRequested();
            added = false;
            foreach (var (name, type) in typed)
            {
                if (!names.Contains(name) && WritesAny(type, names))
                {
                    names.Add(name);
                    added = true;
                }
            }
        }

        var derived = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, baseList) in bases)
        {
            if (WritesAny(baseList, names))
            {
                derived.Add(name);
            }
        }

        return derived;
    }

    /// <summary>
    /// Adds a name known at once, or the name and the syntax whose names decide it: a member by its signature (its
    /// type, return type and parameter types: <c>Send(Action&lt;PutObjectRequest&gt;)</c> hands its caller's lambda a
    /// request, <c>TryNext(out PutObjectRequest)</c> its caller's local), and its type by the same signature: a value
    /// of a type with such a member reaches the SDK through members the compiler calls without their name being
    /// written (an indexer, <c>GetEnumerator</c>, <c>Deconstruct</c>, <c>GetAwaiter</c>, an event's delegate).
    /// </summary>
    private static void Read(SyntaxNode node, HashSet<string> names, List<(string, SyntaxNode)> typed)
    {
        switch (node)
        {
            case UsingDirectiveSyntax { Alias.Name.Identifier.ValueText: var alias }:
                names.Add(alias);
                break;
            case BaseTypeDeclarationSyntax { Identifier.ValueText: var standIn } when InAmazonNamespace(node):
                names.Add(standIn);
                break;
            case DelegateDeclarationSyntax { Identifier.ValueText: var standIn } when InAmazonNamespace(node):
                names.Add(standIn);
                break;
            case TypeDeclarationSyntax type:
                var typeName = type.Identifier.ValueText;
                if (type.BaseList is { } bases)
                {
                    typed.Add((typeName, bases));
                }

                // Parameters of a primary constructor are used by name in every member of the type.
                foreach (var parameter in type.ParameterList?.Parameters ?? default)
                {
                    if (parameter.Type is { } parameterType)
                    {
                        typed.Add((parameter.Identifier.ValueText, parameterType));
                        typed.Add((typeName, parameterType));
                    }
                }

                break;
            case DelegateDeclarationSyntax declared:
                AddSignature(declared.Identifier.ValueText, declared.ReturnType, declared.ParameterList, typed);
                break;
            case BaseFieldDeclarationSyntax field:
                foreach (var variable in field.Declaration.Variables)
                {
                    AddMember(field, variable.Identifier.ValueText, field.Declaration.Type, null, typed);
                }

                break;
            case PropertyDeclarationSyntax property:
                AddMember(property, property.Identifier.ValueText, property.Type, null, typed);
                break;
            case EventDeclarationSyntax declaredEvent:
                AddMember(declaredEvent, declaredEvent.Identifier.ValueText, declaredEvent.Type, null, typed);
                break;
            case MethodDeclarationSyntax method:
                AddMember(method, method.Identifier.ValueText, method.ReturnType, method.ParameterList, typed);
                break;
            case IndexerDeclarationSyntax indexer:
                AddMember(indexer, null, indexer.Type, indexer.ParameterList, typed);
                break;
            case OperatorDeclarationSyntax op:
                AddMember(op, null, op.ReturnType, op.ParameterList, typed);
                break;
            case ConversionOperatorDeclarationSyntax conversion:
                AddMember(conversion, null, conversion.Type, conversion.ParameterList, typed);
                break;
        }
    }

    /// <summary>The member's name and its enclosing type's name, each decided by the member's signature.</summary>
    private static void AddMember(
        MemberDeclarationSyntax member,
        string? name,
        TypeSyntax type,
        BaseParameterListSyntax? parameters,
        List<(string, SyntaxNode)> typed)
    {
        if (name is not null)
        {
            AddSignature(name, type, parameters, typed);
        }

        if (member.Parent is BaseTypeDeclarationSyntax { Identifier.ValueText: var owner })
        {
            AddSignature(owner, type, parameters, typed);
        }
    }

    private static void AddSignature(
        string name, TypeSyntax type, BaseParameterListSyntax? parameters, List<(string, SyntaxNode)> typed)
    {
        typed.Add((name, type));
        foreach (var parameter in parameters?.Parameters ?? default)
        {
            if (parameter.Type is { } parameterType)
            {
                typed.Add((name, parameterType));
            }
        }
    }

    private static bool InAmazonNamespace(SyntaxNode declaration)
    {
        for (var node = declaration.Parent; node is not null; node = node.Parent)
        {
            if (node is BaseNamespaceDeclarationSyntax ns
                && ns.Parent is not BaseNamespaceDeclarationSyntax
                && IsReasonedAbout(ns.Name.ToString()))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The namespaces whose types the rules reason about: the AWS SDK's and the encryption client's (<c>Amazon</c>),
    /// and S3Sec.Crypto's, whose master keys the master key flow starts from.
    /// </summary>
    private static bool IsReasonedAbout(string outermostNamespace)
    {
        return outermostNamespace.StartsWith("Amazon", StringComparison.Ordinal)
            || outermostNamespace == "S3Sec"
            || outermostNamespace.StartsWith("S3Sec.", StringComparison.Ordinal);
    }

    /// <summary>Namespaces and types hold the declarations; member bodies hold none of interest here.</summary>
    private static bool DescendsIntoDeclarations(SyntaxNode node)
    {
        return node is CompilationUnitSyntax or BaseNamespaceDeclarationSyntax or TypeDeclarationSyntax;
    }

    /// <summary>True when the node writes one of the names as an identifier.</summary>
    private static bool WritesAny(SyntaxNode node, HashSet<string> names)
    {
        foreach (var token in node.DescendantTokens())
        {
            if (token.IsKind(SyntaxKind.IdentifierToken) && names.Contains(token.ValueText))
            {
                return true;
            }
        }

        return false;
    }
}
