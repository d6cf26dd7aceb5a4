using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace S3Sec.Cli.Analysis;

/// <summary>
/// What one source file names and declares, read from its syntax alone: the identifiers it writes, the types and
/// namespaces it declares, and whether the compiler can use it without any of its names being written elsewhere.
/// <see cref="CompilationClosure"/> uses it to compile only the files that S3 code can need.
/// </summary>
internal sealed class FileNames
{
    /// <summary>A top-level statement declares this class without writing its name.</summary>
    private const string TopLevelProgram = "Program";

    private const string AttributeSuffix = "Attribute";

    private readonly HashSet<string> _identifiers;
    private readonly List<string> _types;
    private readonly List<string> _namespaces;

    private FileNames(
        S3Mention mention,
        HashSet<string> identifiers,
        List<string> types,
        List<string> namespaces,
        string? alwaysNeeded,
        int deepestName = 0)
    {
        DeepestName = deepestName;
        Mention = mention;
        _identifiers = identifiers;
        _types = types;
        _namespaces = namespaces;
        AlwaysNeeded = alwaysNeeded;
    }

    /// <summary>How the file names S3.</summary>
    public S3Mention Mention { get; }

    /// <summary>Every identifier the file writes (value text, so <c>@class</c> is <c>class</c>).</summary>
    public IReadOnlyCollection<string> Identifiers => _identifiers;

    /// <summary>
    /// The simple names of the types the file declares, nested ones and partial parts included; an attribute class
    /// <c>FooAttribute</c> also as <c>Foo</c>, the name <c>[Foo]</c> writes.
    /// </summary>
    public IReadOnlyList<string> DeclaredTypes => _types;

    /// <summary>The full names of the namespaces the file declares, each enclosing one too (<c>A</c>, <c>A.B</c>).
    /// </summary>
    public IReadOnlyList<string> DeclaredNamespaces => _namespaces;

    /// <summary>
    /// Why the file must be compiled whatever names the others write (extension methods, global usings, assembly
    /// attributes, ...), or null when only a name can make it matter.
    /// </summary>
    public string? AlwaysNeeded { get; }

    /// <summary>
    /// The most parts any namespace name in the file reaches, with the namespaces around it. The compiler walks such
    /// a name recursively; past <see cref="CompilerSafeNameParts"/> it can overflow its stack, which no code can catch.
    /// </summary>
    public int DeepestName { get; }

    /// <summary>Names deeper than this are not compiled (50,000 parts compiled here; 75,000 overflowed).</summary>
    public const int CompilerSafeNameParts = 10_000;

    /// <summary>
    /// The file's <see cref="DeepestName"/>, read from its namespace and type declarations alone: cheap enough for
    /// every file a build compiles, not only those the scan reads names from.
    /// </summary>
    public static int DeepestNameOf(SyntaxTree tree)
    {
        if (tree.GetRoot() is not CompilationUnitSyntax unit)
        {
            return 0;
        }

        var declarations = new DeclarationReader(new List<string>(), new List<string>());
        declarations.ReadMembers(unit.Members, "");
        return declarations.DeepestName;
    }

    /// <summary>The warning for a file left out because of <see cref="CompilerSafeNameParts"/>.</summary>
    public static string TooDeepToCompile(int parts) => $"declares a namespace name of {parts} parts, more than the "
        + $"compiler can take safely ({CompilerSafeNameParts}); not scanned";

    /// <summary>Reads the file: one pass over its tokens, one over its declarations (not into member bodies).
    /// </summary>
    public static FileNames Of(SyntaxTree tree) => Of(tree, signaturesOnly: false);

    /// <summary>
    /// Reads a file of a referenced project: the names outside member bodies and initializers only, since another
    /// project binds to its declarations alone (a build gives it the assembly, not the code).
    /// </summary>
    public static FileNames OfSignatures(SyntaxTree tree) => Of(tree, signaturesOnly: true);

    private static FileNames Of(SyntaxTree tree, bool signaturesOnly)
    {
        var root = tree.GetRoot();
        var identifiers = new HashSet<string>(StringComparer.Ordinal);
        var amazon = false;
        var library = false;
        var memberName = false;
        Func<SyntaxNode, bool>? descend = signaturesOnly
            ? node => node is not (BlockSyntax or ArrowExpressionClauseSyntax or EqualsValueClauseSyntax)
            : null;
        foreach (var token in root.DescendantTokens(descend))
        {
            if (!token.IsKind(SyntaxKind.IdentifierToken))
            {
                continue;
            }

            var text = token.ValueText;
            if (identifiers.Add(text))
            {
                amazon |= text == "Amazon";
                library |= text == "S3Sec";
                memberName |= SelectiveAnalysis.IsS3MemberName(text);
            }
        }

        var mention = amazon ? S3Mention.Amazon
            : library ? S3Mention.Library
            : memberName ? S3Mention.MemberName
            : S3Mention.None;
        var types = new List<string>();
        var namespaces = new List<string>();
        if (root is not CompilationUnitSyntax unit)
        {
            return new FileNames(mention, identifiers, types, namespaces, "not a compilation unit");
        }

        var declarations = new DeclarationReader(types, namespaces);
        declarations.ReadMembers(unit.Members, "");
        if (declarations.HasTopLevelStatements)
        {
            // The statements can call the members of other `partial class Program` parts without naming it.
            identifiers.Add(TopLevelProgram);
        }

        var alwaysNeeded = AlwaysNeededReason(root, unit, identifiers, declarations);
        return new FileNames(mention, identifiers, types, namespaces, alwaysNeeded, declarations.DeepestName);
    }

    private static string? AlwaysNeededReason(
        SyntaxNode root,
        CompilationUnitSyntax unit,
        HashSet<string> identifiers,
        DeclarationReader declarations)
    {
        if (root.ContainsDiagnostics)
        {
            // Broken syntax can hide a declaration in skipped tokens; compiling the file costs less than doubting.
            return "has syntax errors";
        }

        foreach (var directive in unit.Usings)
        {
            if (directive.GlobalKeyword.IsKind(SyntaxKind.GlobalKeyword))
            {
                return "has a global using";
            }
        }

        if (unit.AttributeLists.Count > 0)
        {
            // [assembly: SuppressMessage(...)] can suppress a finding in any file.
            return "has assembly or module attributes";
        }

        if (declarations.AlwaysNeeded is { } reason)
        {
            return reason;
        }

        // An interceptor replaces a call in another file by its location, not by a name that file writes.
        return identifiers.Contains("InterceptsLocation") || identifiers.Contains("InterceptsLocationAttribute")
            ? "has an interceptor"
            : null;
    }

    /// <summary>Walks namespace and type declarations; member bodies hold no declarations another file can see.
    /// </summary>
    private sealed class DeclarationReader
    {
        /// <summary>Namespace parts and enclosing types read at most; deeper files are compiled whole.</summary>
        private const int MaxDepth = 64;

        private readonly List<string> _types;
        private readonly List<string> _namespaces;

        public DeclarationReader(List<string> types, List<string> namespaces)
        {
            _types = types;
            _namespaces = namespaces;
        }

        public bool HasTopLevelStatements { get; private set; }

        public int DeepestName { get; private set; }

        public string? AlwaysNeeded { get; private set; }

        public void ReadMembers(SyntaxList<MemberDeclarationSyntax> members, string containingNamespace)
            => ReadMembers(members, containingNamespace, depth: 0);

        private void ReadMembers(SyntaxList<MemberDeclarationSyntax> members, string containingNamespace, int depth)
        {
            foreach (var member in members)
            {
                switch (member)
                {
                    case BaseNamespaceDeclarationSyntax ns:
                        ReadNamespace(ns, containingNamespace, depth);
                        break;
                    case BaseTypeDeclarationSyntax type:
                        ReadType(type, containingNamespace, depth);
                        break;
                    case DelegateDeclarationSyntax @delegate:
                        AddType(@delegate.Identifier.ValueText, containingNamespace);
                        break;
                    case GlobalStatementSyntax:
                        HasTopLevelStatements = true;
                        AddType(TopLevelProgram, containingNamespace);
                        break;
                }
            }
        }

        private void ReadNamespace(BaseNamespaceDeclarationSyntax ns, string containingNamespace, int depth)
        {
            var parts = NameParts(ns.Name);
            DeepestName = Math.Max(DeepestName, depth + parts.Count);
            if (depth + parts.Count > MaxDepth)
            {
                // Indexing every prefix of such a name costs time and memory with the square of its length, and
                // no real code comes near the limit: compile the file instead of reading it.
                AlwaysNeeded ??= "declares namespaces or types nested too deep to index";
                MeasureNestedNamespaces(ns, depth + parts.Count);
                return;
            }

            var full = containingNamespace;
            foreach (var part in parts)
            {
                full = full.Length == 0 ? part : full + "." + part;
                _namespaces.Add(full);
            }

            ReadMembers(ns.Members, full, depth + parts.Count);
        }

        /// <summary>
        /// Raises <see cref="DeepestName"/> to the namespaces declared inside one that is not indexed: the compiler
        /// nests them under it, so their parts add up. A loop, not recursion, whatever the nesting.
        /// </summary>
        private void MeasureNestedNamespaces(BaseNamespaceDeclarationSyntax ns, int depth)
        {
            var pending = new Stack<(BaseNamespaceDeclarationSyntax Namespace, int Depth)>();
            pending.Push((ns, depth));
            while (pending.Count > 0)
            {
                var (current, reached) = pending.Pop();
                foreach (var member in current.Members)
                {
                    if (member is BaseNamespaceDeclarationSyntax inner)
                    {
                        var innerDepth = reached + NameParts(inner.Name).Count;
                        DeepestName = Math.Max(DeepestName, innerDepth);
                        pending.Push((inner, innerDepth));
                    }
                }
            }
        }

        private void ReadType(BaseTypeDeclarationSyntax type, string containingNamespace, int depth)
        {
            if (depth > MaxDepth)
            {
                AlwaysNeeded ??= "declares namespaces or types nested too deep to index";
                return;
            }

            if (type is ExtensionBlockDeclarationSyntax)
            {
                // foreach, await, deconstruction, collection initializers and query syntax call extension members
                // by pattern, without writing their names.
                AlwaysNeeded ??= "declares extension members";
                return;
            }

            AddType(type.Identifier.ValueText, containingNamespace);
            if (type is not TypeDeclarationSyntax withMembers)
            {
                return;
            }

            foreach (var member in withMembers.Members)
            {
                switch (member)
                {
                    case BaseTypeDeclarationSyntax nested:
                        ReadType(nested, containingNamespace, depth + 1);
                        break;
                    case DelegateDeclarationSyntax @delegate:
                        AddType(@delegate.Identifier.ValueText, containingNamespace);
                        break;
                    case MethodDeclarationSyntax method when IsExtensionMethod(method):
                        // Called by pattern too, as extension members are.
                        AlwaysNeeded ??= "declares extension methods";
                        break;
                }
            }
        }

        private void AddType(string name, string containingNamespace)
        {
            _types.Add(name);
            if (name.Length > AttributeSuffix.Length && name.EndsWith(AttributeSuffix, StringComparison.Ordinal))
            {
                _types.Add(name.Substring(0, name.Length - AttributeSuffix.Length));
            }

            // A type of the System namespaces in source replaces the framework's (polyfills of compiler attributes
            // and of IsExternalInit): the compiler picks it up by its metadata name, never by a written name.
            if (containingNamespace == "System" || containingNamespace.StartsWith("System.", StringComparison.Ordinal))
            {
                AlwaysNeeded ??= "declares a type in a System namespace";
            }
        }

        private static bool IsExtensionMethod(MethodDeclarationSyntax method)
        {
            return method.ParameterList.Parameters.Count > 0
                && method.ParameterList.Parameters[0].Modifiers.Any(SyntaxKind.ThisKeyword);
        }

        /// <summary>The parts of a dotted name, first to last, read without recursion (names can be very long).
        /// </summary>
        private static List<string> NameParts(NameSyntax name)
        {
            var parts = new List<string>();
            var current = name;
            while (current is QualifiedNameSyntax qualified)
            {
                parts.Add(qualified.Right.Identifier.ValueText);
                current = qualified.Left;
            }

            switch (current)
            {
                case AliasQualifiedNameSyntax alias:
                    parts.Add(alias.Name.Identifier.ValueText);
                    break;
                case SimpleNameSyntax simple:
                    parts.Add(simple.Identifier.ValueText);
                    break;
            }

            parts.Reverse();
            return parts;
        }
    }
}

/// <summary>
/// The files a compilation needs so that the candidate files bind exactly as in the whole project: a file matters to
/// another only through a name that file writes (a type, a namespace) or through what the compiler uses without a
/// name (<see cref="FileNames.AlwaysNeeded"/>). Starting from the candidates, every file declaring a type named by an
/// included file is added, until nothing changes. Types are matched by simple name only, so a name shared by
/// unrelated types brings in all of them: more files than needed, never fewer.
/// </summary>
internal sealed class CompilationClosure
{
    private readonly IReadOnlyList<FileNames> _files;
    private readonly bool[] _included;
    private readonly Stack<int> _pending = new();
    private readonly HashSet<string> _namesSeen = new(StringComparer.Ordinal);
    private readonly HashSet<string> _namespacesPresent = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<int>> _typeDeclarers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<(string FullName, int File)>> _namespaceDeclarers =
        new(StringComparer.Ordinal);

    /// <summary>Indexes the files; those the compiler can use without a written name are included at once.</summary>
    public CompilationClosure(IReadOnlyList<FileNames> files)
    {
        _files = files;
        _included = new bool[files.Count];
        for (var i = 0; i < files.Count; i++)
        {
            foreach (var type in files[i].DeclaredTypes)
            {
                Declarers(_typeDeclarers, type).Add(i);
            }

            foreach (var ns in files[i].DeclaredNamespaces)
            {
                var lastDot = ns.LastIndexOf('.');
                Declarers(_namespaceDeclarers, ns.Substring(lastDot + 1)).Add((ns, i));
            }
        }

        for (var i = 0; i < files.Count; i++)
        {
            if (files[i].AlwaysNeeded is not null)
            {
                Include(i);
            }
        }
    }

    /// <summary>How many of the files are included.</summary>
    public int Count { get; private set; }

    public bool Contains(int file) => _included[file];

    /// <summary>Includes a file and, transitively, every file it can need.</summary>
    public void Include(int file)
    {
        Mark(file);
        Drain();
    }

    /// <summary>
    /// Adds what a tree outside the file list needs (generated global usings, generator output): it is compiled
    /// whatever happens, so the files it names are needed too.
    /// </summary>
    public void IncludeNamesOf(FileNames outside)
    {
        foreach (var ns in outside.DeclaredNamespaces)
        {
            _namespacesPresent.Add(ns);
        }

        Use(outside);
        Drain();
    }

    private void Mark(int file)
    {
        if (_included[file])
        {
            return;
        }

        _included[file] = true;
        Count++;
        foreach (var ns in _files[file].DeclaredNamespaces)
        {
            _namespacesPresent.Add(ns);
        }

        _pending.Push(file);
    }

    private void Drain()
    {
        while (_pending.TryPop(out var file))
        {
            Use(_files[file]);
        }
    }

    private void Use(FileNames file)
    {
        foreach (var name in file.Identifiers)
        {
            if (!_namesSeen.Add(name))
            {
                continue;
            }

            if (_typeDeclarers.TryGetValue(name, out var declarers))
            {
                foreach (var declarer in declarers)
                {
                    Mark(declarer);
                }
            }

            // A namespace only other files declare can capture a name (a `Contoso.Amazon` hides `Amazon.S3` inside
            // `Contoso`): one file declaring it makes it exist, as in the whole project.
            if (_namespaceDeclarers.TryGetValue(name, out var namespaces))
            {
                foreach (var (fullName, declarer) in namespaces)
                {
                    if (!_namespacesPresent.Contains(fullName))
                    {
                        Mark(declarer);
                    }
                }
            }
        }
    }

    private static List<T> Declarers<T>(Dictionary<string, List<T>> index, string name)
    {
        if (!index.TryGetValue(name, out var list))
        {
            list = new List<T>();
            index[name] = list;
        }

        return list;
    }
}
