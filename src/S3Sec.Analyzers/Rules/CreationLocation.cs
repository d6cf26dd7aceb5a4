using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace S3Sec.Analyzers.Rules;

internal static class CreationLocation
{
    /// <summary>The <c>new Type(...)</c> part, without the initializer: the squiggle stays on one line.</summary>
    public static Location Of(SyntaxNode syntax)
    {
        var end = syntax switch
        {
            ObjectCreationExpressionSyntax explicitNew => (explicitNew.ArgumentList?.Span ?? explicitNew.Type.Span).End,
            ImplicitObjectCreationExpressionSyntax implicitNew => implicitNew.ArgumentList.Span.End,
            _ => syntax.Span.End,
        };

        return Location.Create(syntax.SyntaxTree, TextSpan.FromBounds(syntax.SpanStart, end));
    }
}
