using System;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace S3Sec.Bench.Analyzers;

// A probe run in this process only, never shipped or loaded by a compiler: the rules for shipped analyzers
// (target framework, extended rules, release tracking) do not apply.
#pragma warning disable RS1001, RS1012, RS1025, RS1026, RS1036, RS1041, RS2008

/// <summary>
/// Wraps an analyzer so that every callback it registers counts the bytes the calling thread allocates inside it.
/// Sampled traces charge garbage collections to whichever analyzer allocates when the heap's budget runs out, so
/// an analyzer's allocations are a cost of their own, which the compiler's timing hides inside the time.
/// The block start registrations are passed on without counting (S3Sec makes none).
/// </summary>
internal sealed class AllocationCounter : DiagnosticAnalyzer
{
    private long _bytes;
    private long _calls;

    public AllocationCounter(DiagnosticAnalyzer inner) => Inner = inner;

    public DiagnosticAnalyzer Inner { get; }

    public long Bytes => Interlocked.Read(ref _bytes);

    public long Calls => Interlocked.Read(ref _calls);

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => Inner.SupportedDiagnostics;

    public override void Initialize(AnalysisContext context) => Inner.Initialize(new Context(context, this));

    public void Reset()
    {
        Interlocked.Exchange(ref _bytes, 0);
        Interlocked.Exchange(ref _calls, 0);
    }

    private Action<T> Counted<T>(Action<T> action) => argument =>
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        try
        {
            action(argument);
        }
        finally
        {
            Interlocked.Add(ref _bytes, GC.GetAllocatedBytesForCurrentThread() - before);
            Interlocked.Increment(ref _calls);
        }
    };

    private Action<CompilationStartAnalysisContext> CountedStart(Action<CompilationStartAnalysisContext> action) =>
        Counted<CompilationStartAnalysisContext>(start => action(new StartContext(start, this)));

    private sealed class Context : AnalysisContext
    {
        private readonly AnalysisContext _inner;
        private readonly AllocationCounter _owner;

        public Context(AnalysisContext inner, AllocationCounter owner)
        {
            _inner = inner;
            _owner = owner;
        }

        public override void EnableConcurrentExecution() => _inner.EnableConcurrentExecution();

        public override void ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags analysisMode) =>
            _inner.ConfigureGeneratedCodeAnalysis(analysisMode);

        public override void RegisterCompilationStartAction(Action<CompilationStartAnalysisContext> action) =>
            _inner.RegisterCompilationStartAction(_owner.CountedStart(action));

        public override void RegisterCompilationAction(Action<CompilationAnalysisContext> action) =>
            _inner.RegisterCompilationAction(_owner.Counted(action));

        public override void RegisterSemanticModelAction(Action<SemanticModelAnalysisContext> action) =>
            _inner.RegisterSemanticModelAction(_owner.Counted(action));

        public override void RegisterSymbolAction(
            Action<SymbolAnalysisContext> action, ImmutableArray<SymbolKind> symbolKinds) =>
            _inner.RegisterSymbolAction(_owner.Counted(action), symbolKinds);

        public override void RegisterCodeBlockStartAction<TLanguageKindEnum>(
            Action<CodeBlockStartAnalysisContext<TLanguageKindEnum>> action) =>
            _inner.RegisterCodeBlockStartAction(action);

        public override void RegisterCodeBlockAction(Action<CodeBlockAnalysisContext> action) =>
            _inner.RegisterCodeBlockAction(_owner.Counted(action));

        public override void RegisterSyntaxTreeAction(Action<SyntaxTreeAnalysisContext> action) =>
            _inner.RegisterSyntaxTreeAction(_owner.Counted(action));

        public override void RegisterSyntaxNodeAction<TLanguageKindEnum>(
            Action<SyntaxNodeAnalysisContext> action, ImmutableArray<TLanguageKindEnum> syntaxKinds) =>
            _inner.RegisterSyntaxNodeAction(_owner.Counted(action), syntaxKinds);

        public override void RegisterOperationAction(
            Action<OperationAnalysisContext> action, ImmutableArray<OperationKind> operationKinds) =>
            _inner.RegisterOperationAction(_owner.Counted(action), operationKinds);

        public override void RegisterOperationBlockStartAction(Action<OperationBlockStartAnalysisContext> action) =>
            _inner.RegisterOperationBlockStartAction(action);

        public override void RegisterOperationBlockAction(Action<OperationBlockAnalysisContext> action) =>
            _inner.RegisterOperationBlockAction(_owner.Counted(action));
    }

    private sealed class StartContext : CompilationStartAnalysisContext
    {
        private readonly CompilationStartAnalysisContext _inner;
        private readonly AllocationCounter _owner;

        public StartContext(CompilationStartAnalysisContext inner, AllocationCounter owner)
            : base(inner.Compilation, inner.Options, inner.CancellationToken)
        {
            _inner = inner;
            _owner = owner;
        }

        public override void RegisterCompilationEndAction(Action<CompilationAnalysisContext> action) =>
            _inner.RegisterCompilationEndAction(_owner.Counted(action));

        public override void RegisterSemanticModelAction(Action<SemanticModelAnalysisContext> action) =>
            _inner.RegisterSemanticModelAction(_owner.Counted(action));

        public override void RegisterSymbolAction(
            Action<SymbolAnalysisContext> action, ImmutableArray<SymbolKind> symbolKinds) =>
            _inner.RegisterSymbolAction(_owner.Counted(action), symbolKinds);

        public override void RegisterCodeBlockStartAction<TLanguageKindEnum>(
            Action<CodeBlockStartAnalysisContext<TLanguageKindEnum>> action) =>
            _inner.RegisterCodeBlockStartAction(action);

        public override void RegisterCodeBlockAction(Action<CodeBlockAnalysisContext> action) =>
            _inner.RegisterCodeBlockAction(_owner.Counted(action));

        public override void RegisterSyntaxTreeAction(Action<SyntaxTreeAnalysisContext> action) =>
            _inner.RegisterSyntaxTreeAction(_owner.Counted(action));

        public override void RegisterSyntaxNodeAction<TLanguageKindEnum>(
            Action<SyntaxNodeAnalysisContext> action, ImmutableArray<TLanguageKindEnum> syntaxKinds) =>
            _inner.RegisterSyntaxNodeAction(_owner.Counted(action), syntaxKinds);

        public override void RegisterOperationAction(
            Action<OperationAnalysisContext> action, ImmutableArray<OperationKind> operationKinds) =>
            _inner.RegisterOperationAction(_owner.Counted(action), operationKinds);

        public override void RegisterOperationBlockStartAction(Action<OperationBlockStartAnalysisContext> action) =>
            _inner.RegisterOperationBlockStartAction(action);

        public override void RegisterOperationBlockAction(Action<OperationBlockAnalysisContext> action) =>
            _inner.RegisterOperationBlockAction(_owner.Counted(action));
    }
}
#pragma warning restore RS1001, RS1012, RS1025, RS1026, RS1036, RS1041, RS2008
