using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace S3Sec.Cli.Analysis;

/// <summary>
/// Candidate files as the analyzers need them: the bodies of the members that can hold no finding are blanked
/// (spaces, line breaks kept) so the compiler does not bind them, and every position in the file stays where it
/// was. In a file that mixes S3 code with other code, binding those bodies is most of a scan's time.
/// </summary>
/// <remarks>
/// A body is blanked only when its member writes no <see cref="S3Names"/> name and no target-typed <c>new</c>
/// (so no rule starts in it), and the body holds nothing another member's analysis reads: no assignment to a field,
/// property or record parameter of the enclosing types (the rules follow a member back to its writes,
/// <c>SourceResolver</c>), no key import (<c>Import...</c>, <c>FromXmlString</c>, <c>x.Key = ...</c>: the master
/// key flow reads them across the type), no <c>this</c> or <c>base</c> in a type that reaches the SDK through a
/// member of its own (<c>foreach (var r in this)</c>, <c>this[0]</c>), and no preprocessor directive (a
/// <c>#pragma</c> or <c>#if</c> there reaches past the body). Files with a <c>using static</c> (a member then
/// writes another type's members bare) or with syntax errors are kept whole, every file with a global
/// <c>using static</c>. Each rule here answers a case where a blanked body changed the findings (LeanScanTests).
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

        // "using static" lets a member write another type's members bare, SDK-typed ones included.
        if (compilation.SyntaxTrees.Any(t => StaticUsings(t, globalOnly: true)))
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
            || StaticUsings(tree, globalOnly: false)
            || root.GetDiagnostics().Any(d => d.Severity == DiagnosticSeverity.Error))
        {
            return null;
        }

        var bodies = new List<BlockSyntax>();
        Collect(unit.Members, names, new Scope(), bodies);
        if (bodies.Count == 0)
        {
            return null;
        }

        // The bodies are replaced as nodes of the same width, not as text: no part of the file is parsed again,
        // which cost about what the first parse did (3 s of a 20 s scan of the dense bench tree).
        count = bodies.Count;
        var lean = unit.ReplaceNodes(bodies, (original, _) => Blanked(original));
        return tree.WithRootAndOptions(lean, tree.Options);
    }

    /// <summary>
    /// An empty block as wide as <paramref name="body"/>: what lay between its braces becomes whitespace trivia,
    /// with an end-of-line trivia for every line break, so that every later position and line number stays.
    /// </summary>
    private static BlockSyntax Blanked(BlockSyntax body)
    {
        var inner = body.ToFullString().Substring(
            body.OpenBraceToken.Span.End - body.FullSpan.Start,
            body.CloseBraceToken.SpanStart - body.OpenBraceToken.Span.End);
        var trivia = new List<SyntaxTrivia>();
        var spaces = 0;
        for (var i = 0; i < inner.Length; i++)
        {
            if (!IsLineBreak(inner[i]))
            {
                spaces++;
                continue;
            }

            if (spaces > 0)
            {
                trivia.Add(SyntaxFactory.Whitespace(new string(' ', spaces)));
                spaces = 0;
            }

            var crlf = inner[i] == '\r' && i + 1 < inner.Length && inner[i + 1] == '\n';
            trivia.Add(SyntaxFactory.EndOfLine(crlf ? "\r\n" : inner[i].ToString()));
            i += crlf ? 1 : 0;
        }

        if (spaces > 0)
        {
            trivia.Add(SyntaxFactory.Whitespace(new string(' ', spaces)));
        }

        var open = SyntaxFactory.Token(
            body.OpenBraceToken.LeadingTrivia, SyntaxKind.OpenBraceToken, SyntaxFactory.TriviaList(trivia));
        var close = SyntaxFactory.Token(
            SyntaxFactory.TriviaList(), SyntaxKind.CloseBraceToken, body.CloseBraceToken.TrailingTrivia);
        return SyntaxFactory.Block(body.AttributeLists, open, default, close);
    }

    /// <summary><c>using static</c> in the tree (only <c>global</c> ones when asked).</summary>
    private static bool StaticUsings(SyntaxTree tree, bool globalOnly)
    {
        foreach (var node in tree.GetRoot().DescendantNodes(n => n is CompilationUnitSyntax
                     or BaseNamespaceDeclarationSyntax))
        {
            if (node is UsingDirectiveSyntax { StaticKeyword.RawKind: not 0 } directive
                && (!globalOnly || directive.GlobalKeyword.RawKind != 0))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Every line break C# knows, so that line numbers stay.</summary>
    private static bool IsLineBreak(char c) => c is '\r' or '\n' or '\u0085' or '\u2028' or '\u2029';

    /// <summary>What the members of the types around a body share with it.</summary>
    private sealed class Scope
    {
        /// <summary>The fields and properties the types declare (record parameters too): writes to them are read
        /// by other members' analysis.</summary>
        public List<string> State { get; } = new();

        /// <summary>How many enclosing types reach the SDK through a member of their own (an indexer, an
        /// enumerator, ...): then a body that uses <c>this</c> or <c>base</c> can too.</summary>
        public int Reaching { get; set; }
    }

    private static void Collect(
        SyntaxList<MemberDeclarationSyntax> members,
        S3Names names,
        Scope scope,
        List<BlockSyntax> bodies)
    {
        foreach (var member in members)
        {
            switch (member)
            {
                case BaseNamespaceDeclarationSyntax ns:
                    Collect(ns.Members, names, scope, bodies);
                    break;
                case TypeDeclarationSyntax derived when names.Derives(derived.Identifier.ValueText):
                    // A type deriving from an SDK type reaches its members through "this", written or not, in each
                    // of its parts, whichever part lists the base.
                    break;
                case TypeDeclarationSyntax type:
                    // A nested type's members can write the fields of the types around it by their simple names.
                    var state = scope.State.Count;
                    var reaching = names.Contains(type.Identifier.ValueText) ? 1 : 0;
                    AddStateNames(type, scope.State);
                    scope.Reaching += reaching;
                    Collect(type.Members, names, scope, bodies);
                    scope.State.RemoveRange(state, scope.State.Count - state);
                    scope.Reaching -= reaching;
                    break;
                case BaseMethodDeclarationSyntax { Body: { } body } method
                    when CanBlank(method, body, names, scope):
                    bodies.Add(body);
                    break;
                case BasePropertyDeclarationSyntax { AccessorList: { } accessors } property
                    when !WritesAny(property, names):
                    foreach (var accessor in accessors.Accessors)
                    {
                        if (accessor.Body is { } accessorBody && CanBlank(null, accessorBody, names, scope))
                        {
                            bodies.Add(accessorBody);
                        }
                    }

                    break;
            }
        }
    }

    /// <summary>The fields, properties and record parameters a type declares.</summary>
    private static void AddStateNames(TypeDeclarationSyntax type, List<string> ownState)
    {
        foreach (var parameter in type.ParameterList?.Parameters ?? default)
        {
            ownState.Add(parameter.Identifier.ValueText);
        }

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

    private static bool CanBlank(MemberDeclarationSyntax? member, BlockSyntax body, S3Names names, Scope scope)
    {
        if (body.ContainsDirectives || (member is not null && WritesAny(member, names)))
        {
            return false;
        }

        var reaching = scope.Reaching > 0;
        foreach (var node in body.DescendantNodes())
        {
            switch (node)
            {
                case AssignmentExpressionSyntax { Left: IdentifierNameSyntax name }
                    when scope.State.Contains(name.Identifier.ValueText):
                case AssignmentExpressionSyntax
                {
                    Left: MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax, Name: var accessed },
                }
                    when scope.State.Contains(accessed.Identifier.ValueText):
                case InvocationExpressionSyntax invocation when IsKeyImport(invocation.Expression):
                // "aes.Key = bytes": the master key flow reads these across the type, whatever aes is.
                case AssignmentExpressionSyntax
                {
                    Left: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Key" },
                }:
                case ThisExpressionSyntax or BaseExpressionSyntax when reaching:
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
