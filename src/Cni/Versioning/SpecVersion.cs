using System.Globalization;

namespace Cni;

/// <summary>A spec version as Go's <c>version.ParseVersion</c> reads it: up to three integer parts, "" meaning 0.1.0.</summary>
public readonly record struct SpecVersion(int Major, int Minor, int Micro) : IComparable<SpecVersion>
{
    /// <summary>Parses like Go: "" is 0.1.0, missing minor/micro are 0, four or more parts fail.</summary>
    /// <exception cref="FormatException">The text is not a version; the message is Go's.</exception>
    public static SpecVersion Parse(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return new SpecVersion(0, 1, 0);
        }
        var parts = text.Split('.');
        if (parts.Length >= 4)
        {
            throw new FormatException($"invalid version \"{text}\": too many parts");
        }
        int major = Part(parts[0], "major");
        int minor = parts.Length >= 2 ? Part(parts[1], "minor") : 0;
        int micro = parts.Length >= 3 ? Part(parts[2], "micro") : 0;
        return new SpecVersion(major, minor, micro);
    }

    /// <summary>Parses without throwing.</summary>
    public static bool TryParse(string? text, out SpecVersion version)
    {
        try
        {
            version = Parse(text);
            return true;
        }
        catch (FormatException)
        {
            version = default;
            return false;
        }
    }

    private static int Part(string part, string which)
    {
        // Go's strconv.Atoi: optional sign, decimal digits only.
        var body = part.StartsWith('+') || part.StartsWith('-') ? part[1..] : part;
        if (body.Length == 0 || !body.All(char.IsAsciiDigit) ||
            !int.TryParse(part, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            throw new FormatException($"failed to convert {which} version part \"{part}\": strconv.Atoi: parsing \"{part}\": invalid syntax");
        }
        return value;
    }

    /// <inheritdoc/>
    public int CompareTo(SpecVersion other) =>
        Major != other.Major ? Major.CompareTo(other.Major)
        : Minor != other.Minor ? Minor.CompareTo(other.Minor)
        : Micro.CompareTo(other.Micro);

    /// <summary>Compares two version strings; throws <see cref="FormatException"/> when either does not parse.</summary>
    public static bool GreaterThanOrEqual(string? a, string? b) => Parse(a).CompareTo(Parse(b)) >= 0;

    /// <summary>Strictly greater, as Go's <c>version.GreaterThan</c>.</summary>
    public static bool GreaterThan(string? a, string? b) => Parse(a).CompareTo(Parse(b)) > 0;

    /// <summary>Comparison operator.</summary>
    public static bool operator <(SpecVersion a, SpecVersion b) => a.CompareTo(b) < 0;
    /// <summary>Comparison operator.</summary>
    public static bool operator >(SpecVersion a, SpecVersion b) => a.CompareTo(b) > 0;
    /// <summary>Comparison operator.</summary>
    public static bool operator <=(SpecVersion a, SpecVersion b) => a.CompareTo(b) <= 0;
    /// <summary>Comparison operator.</summary>
    public static bool operator >=(SpecVersion a, SpecVersion b) => a.CompareTo(b) >= 0;

    /// <inheritdoc/>
    public override string ToString() => $"{Major}.{Minor}.{Micro}";
}
