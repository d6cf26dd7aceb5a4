using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace S3Sec.Cli.Analysis;

/// <summary>
/// Candidate files as the analyzers need them: the bodies of the members that can hold no finding are blanked
/// (spaces, line breaks kept) so the compiler does not bind them, and every position in the file stays where it
/// was. In a file that mixes S3 code with other code, binding those bodies is most of a scan's time.
/// </summary>
/// <remarks>
/// A body is blanked only when its member writes no <see cref="S3Names"/> name and no target-typed <c>new</c>
/// (so no rule starts in it), and the body holds nothing another member's analysis reads: no assignment to a field
/// or property of the enclosing types (the rules follow a member back to its writes, <c>SourceResolver</c>), no key
/// import (<c>Import...</c>, <c>FromXmlString</c>: the master key flow reads them across the type), and no
/// preprocessor directive (a <c>#pragma</c> or <c>#if</c> there reaches past the body). Files with syntax errors
/// are kept whole.
/// </remarks>
internal static class LeanTrees
{
    /// <summary>
    /// The trees of <paramref name="compilation"/>, each of <paramref name="candidates"/> blanked where it can be;
    /// <paramref name="replaced"/> receives each tree blanked and the tree that replaces it.
    /// </summary>
    public static List<SyntaxTree> Apply(
        Compilation compilation,
        IReadOnlyCollection<SyntaxTree> candidates,
        Dictionary<SyntaxTree, SyntaxTree> replaced,
        out int blankedBodies,
        CancellationToken cancellationToken)
    {
        blankedBodies = 0;
        var trees = compilation.SyntaxTrees.ToList();
        if (candidates.Count == 0)
        {
            return trees;
        }

        // "using static" of an SDK type lets a member write its enum values and methods bare.
        if (compilation.SyntaxTrees.Any(t => StaticAmazonUsings(t, globalOnly: true)))
        {
            return trees;
        }

        var names = S3Names.For(compilation, cancellationToken);
        var isCandidate = new HashSet<SyntaxTree>(candidates);
        var lean = new SyntaxTree?[trees.Count];
        var counts = new int[trees.Count];
        var options = new ParallelOptions { CancellationToken = cancellationToken };
        Parallel.For(0, trees.Count, options, i =>
        {
            if (isCandidate.Contains(trees[i]))
            {
                lean[i] = Blank(trees[i], names, cancellationToken, out counts[i]);
            }
        });

        for (var i = 0; i < trees.Count; i++)
        {
            if (lean[i] is { } blanked)
            {
                replaced[trees[i]] = blanked;
                trees[i] = blanked;
                blankedBodies += counts[i];
            }
        }

        return trees;
    }

    /// <summary>The tree with the bodies no rule needs blanked, or null when there is none.</summary>
    internal static SyntaxTree? Blank(
        SyntaxTree tree, S3Names names, CancellationToken cancellationToken, out int count)
    {
        count = 0;
        var root = tree.GetRoot(cancellationToken);
        if (root is not CompilationUnitSyntax unit
            || StaticAmazonUsings(tree, globalOnly: false)
            || root.GetDiagnostics().Any(d => d.Severity == DiagnosticSeverity.Error))
        {
            return null;
        }

        var bodies = new List<BlockSyntax>();
        Collect(unit.Members, names, new List<string>(), bodies);
        if (bodies.Count == 0)
        {
            return null;
        }

        var text = tree.GetText(cancellationToken);
        var chars = text.ToString().ToCharArray();
        foreach (var body in bodies)
        {
            for (var i = body.OpenBraceToken.Span.End; i < body.CloseBraceToken.SpanStart; i++)
            {
                if (!IsLineBreak(chars[i]))
                {
                    chars[i] = ' ';
                }
            }
        }

        count = bodies.Count;
        var lean = SourceText.From(new string(chars), text.Encoding, text.ChecksumAlgorithm);
        return tree.WithChangedText(lean);
    }

    /// <summary><c>using static Amazon...;</c> in the tree (only <c>global</c> ones when asked).</summary>
    private static bool StaticAmazonUsings(SyntaxTree tree, bool globalOnly)
    {
        foreach (var node in tree.GetRoot().DescendantNodes(n => n is CompilationUnitSyntax
                     or BaseNamespaceDeclarationSyntax))
        {
            if (node is UsingDirectiveSyntax { StaticKeyword.RawKind: not 0 } directive
                && (!globalOnly || directive.GlobalKeyword.RawKind != 0)
                && directive.Name?.ToString().Contains("Amazon", StringComparison.Ordinal) == true)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Every line break C# knows, so that line numbers stay.</summary>
    private static bool IsLineBreak(char c) => c is '\r' or '\n' or '\u0085' or '\u2028' or '\u2029';

    private static void Collect(
        SyntaxList<MemberDeclarationSyntax> members,
        S3Names names,
        List<string> ownState,
        List<BlockSyntax> bodies)
    {
        foreach (var member in members)
        {
            switch (member)
            {
                case BaseNamespaceDeclarationSyntax ns:
                    Collect(ns.Members, names, ownState, bodies);
                    break;
                case TypeDeclarationSyntax { BaseList: { } bases } when WritesAny(bases, names):
                    // A type deriving from an SDK type reaches its members through "this", written or not.
                    break;
                case TypeDeclarationSyntax type:
                    // A nested type's members can write the fields of the types around it by their simple names.
                    var state = ownState.Count;
                    AddStateNames(type, ownState);
                    Collect(type.Members, names, ownState, bodies);
                    ownState.RemoveRange(state, ownState.Count - state);
                    break;
                case BaseMethodDeclarationSyntax { Body: { } body } method
                    when CanBlank(method, body, names, ownState):
                    bodies.Add(body);
                    break;
                case BasePropertyDeclarationSyntax { AccessorList: { } accessors } property
                    when !WritesAny(property, names):
                    foreach (var accessor in accessors.Accessors)
                    {
                        if (accessor.Body is { } accessorBody && CanBlank(null, accessorBody, names, ownState))
                        {
                            bodies.Add(accessorBody);
                        }
                    }

                    break;
            }
        }
    }

    /// <summary>The fields and properties a type declares: writes to them are read by other members' analysis.
    /// </summary>
    private static void AddStateNames(TypeDeclarationSyntax type, List<string> ownState)
    {
        foreach (var member in type.Members)
        {
            switch (member)
            {
                case BaseFieldDeclarationSyntax field:
                    ownState.AddRange(field.Declaration.Variables.Select(v => v.Identifier.ValueText));
                    break;
                case PropertyDeclarationSyntax property:
                    ownState.Add(property.Identifier.ValueText);
                    break;
            }
        }
    }

    private static bool CanBlank(
        MemberDeclarationSyntax? member, BlockSyntax body, S3Names names, List<string> ownState)
    {
        if (body.ContainsDirectives || (member is not null && WritesAny(member, names)))
        {
            return false;
        }

        foreach (var node in body.DescendantNodes())
        {
            switch (node)
            {
                case AssignmentExpressionSyntax { Left: IdentifierNameSyntax name }
                    when ownState.Contains(name.Identifier.ValueText):
                case AssignmentExpressionSyntax
                {
                    Left: MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax, Name: var accessed },
                }
                    when ownState.Contains(accessed.Identifier.ValueText):
                    return false;
                case InvocationExpressionSyntax invocation when IsKeyImport(invocation.Expression):
                    return false;
            }
        }

        return true;
    }

    private static bool IsKeyImport(ExpressionSyntax expression)
    {
        var name = expression switch
        {
            MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText,
            SimpleNameSyntax simple => simple.Identifier.ValueText,
            _ => null,
        };
        return name is not null
            && (name.StartsWith("Import", StringComparison.Ordinal) || name == "FromXmlString");
    }

    /// <summary>True when the member writes an S3 name or a target-typed <c>new</c>: a rule may start in it.</summary>
    private static bool WritesAny(SyntaxNode member, S3Names names)
    {
        foreach (var token in member.DescendantTokens())
        {
            switch (token.Kind())
            {
                case SyntaxKind.IdentifierToken when names.Contains(token.ValueText):
                case SyntaxKind.NewKeyword when token.Parent is ImplicitObjectCreationExpressionSyntax:
                    return true;
            }
        }

        return false;
    }
}

/// <summary>The candidates of one project, and what <see cref="LeanTrees"/> made of them.</summary>
internal sealed class LeanRequest
{
    public LeanRequest(IReadOnlyList<SyntaxTree> candidates) => Candidates = candidates;

    public IReadOnlyList<SyntaxTree> Candidates { get; }

    /// <summary>Each candidate blanked, and the tree compiled instead.</summary>
    public Dictionary<SyntaxTree, SyntaxTree> Replaced { get; } = new();

    public int Bodies { get; set; }

    /// <summary>The candidates as compiled: the trees to ask the analyzers about.</summary>
    public IReadOnlyList<SyntaxTree> Analysed =>
        Candidates.Select(t => Replaced.TryGetValue(t, out var lean) ? lean : t).ToList();
}
