using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace DeltaSharp.Expressions;

/// <summary>
/// Parses the SQL-like text form of a predicate (used by <c>deltasharp cat --where</c> and replaceWhere):
/// <code>
/// expr      := or
/// or        := and { OR and }
/// and       := not { AND not }
/// not       := NOT not | predicate
/// predicate := operand [ cmp operand | IS [NOT] NULL | [NOT] IN ( literal {, literal} ) | [NOT] BETWEEN operand AND operand ]
/// cmp       := = | == | &lt;&gt; | != | &lt; | &lt;= | &gt; | &gt;= | &lt;=&gt;
/// operand   := column | literal | ( expr )
/// column    := name { . name }          name := identifier | `back``ticked`
/// literal   := number | -number | 'string' (quote doubled to escape) | TRUE | FALSE | NULL
///            | DATE 'yyyy-MM-dd' | TIMESTAMP 'yyyy-MM-dd[ HH:mm:ss[.ffffff]][Z|±hh:mm]' | TIMESTAMP_NTZ '…' | X'hex'
/// </code>
/// Keywords are case-insensitive; AND OR NOT IS NULL IN TRUE FALSE BETWEEN are reserved (backtick such column names). A bare column (<c>NOT flag</c>) is a boolean column used as a predicate. Numbers
/// stay untyped until bound (then typed as the column). Pure and thread-safe.
/// </summary>
public static class DeltaExpressionParser
{
    private static readonly HashSet<string> Keywords = new(StringComparer.OrdinalIgnoreCase)
    {
        "AND", "OR", "NOT", "IS", "NULL", "IN", "TRUE", "FALSE", "BETWEEN",
    };

    /// <summary>Parses <paramref name="text"/> into an unbound expression.</summary>
    /// <exception cref="DeltaExpressionParseException">The text is not a valid predicate (message with position).</exception>
    public static DeltaExpression Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parser = new Parser(text);
        return parser.ParseAll();
    }

    /// <summary>True for the reserved words, which need backticks as column names (DATE, TIMESTAMP, TIMESTAMP_NTZ
    /// and X prefix a literal only when a quoted string follows, so they remain usable as names).</summary>
    internal static bool IsKeyword(string name) => Keywords.Contains(name);

    private enum TokenKind
    {
        End,
        Identifier,
        QuotedIdentifier,
        String,
        Number,
        Symbol,
    }

    private readonly record struct Token(TokenKind Kind, string Text, int Position);

    private sealed class Parser
    {
        private const int MaxDepth = 200;
        private readonly string text;
        private readonly List<Token> tokens;
        private int index;
        private int depth;

        public Parser(string text)
        {
            this.text = text;
            tokens = Tokenize(text);
        }

        private Token Current => tokens[index];

        public DeltaExpression ParseAll()
        {
            if (Current.Kind == TokenKind.End)
            {
                throw Error("the predicate is empty", Current);
            }
            DeltaExpression result = ParseOr();
            if (Current.Kind != TokenKind.End)
            {
                throw Error($"unexpected '{Current.Text}'", Current);
            }
            return result;
        }

        private DeltaExpression ParseOr()
        {
            DeltaExpression left = ParseAnd();
            while (IsKeyword(Current, "OR"))
            {
                index++;
                left = new OrExpression(left, ParseAnd());
            }
            return left;
        }

        private DeltaExpression ParseAnd()
        {
            DeltaExpression left = ParseNot();
            while (IsKeyword(Current, "AND"))
            {
                index++;
                left = new AndExpression(left, ParseNot());
            }
            return left;
        }

        private DeltaExpression ParseNot()
        {
            if (IsKeyword(Current, "NOT"))
            {
                index++;
                Enter();
                DeltaExpression operand = ParseNot();
                depth--;
                return new NotExpression(operand);
            }
            return ParsePredicate();
        }

        private DeltaExpression ParsePredicate()
        {
            DeltaExpression left = ParseOperand();
            Token token = Current;
            if (token.Kind == TokenKind.Symbol && TryComparison(token.Text, out ComparisonOperator op))
            {
                index++;
                return new ComparisonExpression(left, op, ParseOperand());
            }
            if (IsKeyword(token, "IS"))
            {
                index++;
                bool negated = false;
                if (IsKeyword(Current, "NOT"))
                {
                    negated = true;
                    index++;
                }
                Expect("NULL");
                return new IsNullExpression(left, negated);
            }
            bool not = false;
            if (IsKeyword(token, "NOT") && (IsKeyword(tokens[index + 1], "IN") || IsKeyword(tokens[index + 1], "BETWEEN")))
            {
                not = true;
                index++;
            }
            if (IsKeyword(Current, "IN"))
            {
                index++;
                ExpectSymbol("(");
                var items = new List<LiteralExpression>();
                while (true)
                {
                    Token at = Current;
                    items.Add(ParseOperand() as LiteralExpression ?? throw Error("IN lists hold literals only", at));
                    if (Current.Kind == TokenKind.Symbol && Current.Text == ",")
                    {
                        index++;
                        continue;
                    }
                    ExpectSymbol(")");
                    break;
                }
                DeltaExpression result = new InExpression(left, items);
                return not ? new NotExpression(result) : result;
            }
            if (IsKeyword(Current, "BETWEEN"))
            {
                index++;
                DeltaExpression low = ParseOperand();
                Expect("AND");
                DeltaExpression high = ParseOperand();
                DeltaExpression result = new AndExpression(
                    new ComparisonExpression(left, ComparisonOperator.GreaterThanOrEqual, low),
                    new ComparisonExpression(left, ComparisonOperator.LessThanOrEqual, high));
                return not ? new NotExpression(result) : result;
            }
            return left;
        }

        private DeltaExpression ParseOperand()
        {
            Token token = Current;
            switch (token.Kind)
            {
                case TokenKind.Symbol when token.Text == "(":
                {
                    index++;
                    Enter();
                    DeltaExpression inner = ParseOr();
                    depth--;
                    ExpectSymbol(")");
                    return inner;
                }
                case TokenKind.Symbol when token.Text is "-" or "+" && tokens[index + 1].Kind == TokenKind.Number:
                    index += 2;
                    return Number((token.Text == "-" ? "-" : string.Empty) + tokens[index - 1].Text, token);
                case TokenKind.Number:
                    index++;
                    return Number(token.Text, token);
                case TokenKind.String:
                    index++;
                    return LiteralExpression.String(token.Text);
                case TokenKind.QuotedIdentifier:
                    return ParseColumn();
                case TokenKind.Identifier:
                    if (IsKeyword(token, "TRUE") || IsKeyword(token, "FALSE"))
                    {
                        index++;
                        return LiteralExpression.Boolean(IsKeyword(token, "TRUE"));
                    }
                    if (IsKeyword(token, "NULL"))
                    {
                        index++;
                        return LiteralExpression.NullOf(null);
                    }
                    if (tokens[index + 1].Kind == TokenKind.String && TryTypedLiteral(token, tokens[index + 1], out LiteralExpression? typed))
                    {
                        index += 2;
                        return typed!;
                    }
                    if (Keywords.Contains(token.Text))
                    {
                        throw Error($"expected a column or a value but found the keyword {token.Text.ToUpperInvariant()}", token);
                    }
                    return ParseColumn();
                case TokenKind.End:
                    throw Error("unexpected end of the predicate", token);
                default:
                    throw Error($"expected a column or a value but found '{token.Text}'", token);
            }
        }

        private bool TryTypedLiteral(Token prefix, Token value, out LiteralExpression? literal)
        {
            literal = null;
            string kind = prefix.Text.ToUpperInvariant();
            try
            {
                switch (kind)
                {
                    case "DATE":
                        literal = LiteralExpression.Date(DateOnly.ParseExact(value.Text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture));
                        return true;
                    case "TIMESTAMP":
                        literal = LiteralExpression.Integral(Schema.DeltaPrimitiveType.Timestamp, Scanning.PartitionValueParser.ParseTimestampMicros(value.Text));
                        return true;
                    case "TIMESTAMP_NTZ":
                        literal = LiteralExpression.Integral(Schema.DeltaPrimitiveType.TimestampNtz, Scanning.PartitionValueParser.ParseTimestampMicros(value.Text));
                        return true;
                    case "X":
                        literal = LiteralExpression.Binary(Convert.FromHexString(value.Text));
                        return true;
                    default:
                        return false;
                }
            }
            catch (FormatException ex)
            {
                throw Error($"invalid {kind} literal '{value.Text}' ({ex.Message})", value);
            }
        }

        private LiteralExpression Number(string numberText, Token at)
        {
            try
            {
                return LiteralExpression.Number(numberText);
            }
            catch (Exception ex) when (ex is FormatException or OverflowException)
            {
                throw Error($"invalid number '{numberText}'", at);
            }
        }

        private ColumnExpression ParseColumn()
        {
            var path = new List<string>();
            while (true)
            {
                Token token = Current;
                if (token.Kind == TokenKind.QuotedIdentifier || (token.Kind == TokenKind.Identifier && !Keywords.Contains(token.Text)))
                {
                    path.Add(token.Text);
                    index++;
                }
                else
                {
                    throw Error(token.Kind == TokenKind.End ? "expected a column name at the end" : $"expected a column name but found '{token.Text}'", token);
                }
                if (Current.Kind == TokenKind.Symbol && Current.Text == ".")
                {
                    index++;
                    continue;
                }
                return new ColumnExpression(path);
            }
        }

        private void Enter()
        {
            if (++depth > MaxDepth)
            {
                throw Error($"the predicate nests deeper than {MaxDepth} levels", Current);
            }
        }

        private void Expect(string keyword)
        {
            if (!IsKeyword(Current, keyword))
            {
                throw Error(Current.Kind == TokenKind.End ? $"expected {keyword} at the end" : $"expected {keyword} but found '{Current.Text}'", Current);
            }
            index++;
        }

        private void ExpectSymbol(string symbol)
        {
            if (Current.Kind != TokenKind.Symbol || Current.Text != symbol)
            {
                throw Error(Current.Kind == TokenKind.End ? $"expected '{symbol}' at the end" : $"expected '{symbol}' but found '{Current.Text}'", Current);
            }
            index++;
        }

        private static bool IsKeyword(Token token, string keyword) => token.Kind == TokenKind.Identifier && token.Text.Equals(keyword, StringComparison.OrdinalIgnoreCase);

        private static bool TryComparison(string symbol, out ComparisonOperator op)
        {
            switch (symbol)
            {
                case "=" or "==": op = ComparisonOperator.Equal; return true;
                case "<>" or "!=": op = ComparisonOperator.NotEqual; return true;
                case "<": op = ComparisonOperator.LessThan; return true;
                case "<=": op = ComparisonOperator.LessThanOrEqual; return true;
                case ">": op = ComparisonOperator.GreaterThan; return true;
                case ">=": op = ComparisonOperator.GreaterThanOrEqual; return true;
                case "<=>": op = ComparisonOperator.NullSafeEqual; return true;
                default: op = default; return false;
            }
        }

        private DeltaExpressionParseException Error(string what, Token at) => ErrorAt(text, what, at.Position);
    }

    private static DeltaExpressionParseException ErrorAt(string text, string what, int position)
    {
        string near = position >= text.Length ? "the end" : string.Concat("'", text.AsSpan(position, Math.Min(20, text.Length - position)), "'");
        return new DeltaExpressionParseException(string.Create(CultureInfo.InvariantCulture, $"Invalid predicate: {what} at position {position} (near {near})."), position);
    }

    private static List<Token> Tokenize(string text)
    {
        var tokens = new List<Token>();
        int i = 0;
        while (i < text.Length)
        {
            char c = text[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
                continue;
            }
            int start = i;
            if (char.IsAsciiLetter(c) || c == '_')
            {
                while (i < text.Length && (char.IsAsciiLetterOrDigit(text[i]) || text[i] == '_'))
                {
                    i++;
                }
                tokens.Add(new Token(TokenKind.Identifier, text.Substring(start, i - start), start));
            }
            else if (char.IsAsciiDigit(c) || (c == '.' && i + 1 < text.Length && char.IsAsciiDigit(text[i + 1])))
            {
                while (i < text.Length && (char.IsAsciiDigit(text[i]) || text[i] == '.'))
                {
                    i++;
                }
                if (i < text.Length && (text[i] == 'e' || text[i] == 'E'))
                {
                    i++;
                    if (i < text.Length && (text[i] == '+' || text[i] == '-'))
                    {
                        i++;
                    }
                    while (i < text.Length && char.IsAsciiDigit(text[i]))
                    {
                        i++;
                    }
                }
                if (i < text.Length && (char.IsAsciiLetter(text[i]) || text[i] == '_'))
                {
                    throw ErrorAt(text, $"invalid number '{text.Substring(start, i - start + 1)}'", start);
                }
                tokens.Add(new Token(TokenKind.Number, text.Substring(start, i - start), start));
            }
            else if (c == '\'' || c == '`')
            {
                var value = new StringBuilder();
                i++;
                while (true)
                {
                    if (i >= text.Length)
                    {
                        throw ErrorAt(text, c == '\'' ? "unterminated string literal" : "unterminated backticked name", start);
                    }
                    if (text[i] == c)
                    {
                        if (i + 1 < text.Length && text[i + 1] == c)
                        {
                            value.Append(c);
                            i += 2;
                            continue;
                        }
                        i++;
                        break;
                    }
                    value.Append(text[i]);
                    i++;
                }
                if (c == '`' && value.Length == 0)
                {
                    throw ErrorAt(text, "empty backticked name", start);
                }
                tokens.Add(new Token(c == '\'' ? TokenKind.String : TokenKind.QuotedIdentifier, value.ToString(), start));
            }
            else
            {
                string symbol = text.AsSpan(i).StartsWith("<=>", StringComparison.Ordinal) ? "<=>"
                    : i + 1 < text.Length && text.Substring(i, 2) is "<=" or ">=" or "<>" or "!=" or "==" ? text.Substring(i, 2)
                    : c is '=' or '<' or '>' or '(' or ')' or ',' or '.' or '-' or '+' ? c.ToString()
                    : throw ErrorAt(text, $"unexpected character '{c}'", i);
                i += symbol.Length;
                tokens.Add(new Token(TokenKind.Symbol, symbol, start));
            }
        }
        tokens.Add(new Token(TokenKind.End, string.Empty, text.Length));
        return tokens;
    }
}
