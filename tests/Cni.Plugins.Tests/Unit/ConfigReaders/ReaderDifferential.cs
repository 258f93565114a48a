using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Cni.Plugins.Tests.Unit.ConfigReaders;

/// <summary>Runs one input through the old source-generated path and a new reader and describes each outcome.</summary>
internal static class ReaderDifferential
{
    /// <summary>U+FFFF in a rendered text stands for a byte that is not UTF-8 (0xFF).</summary>
    public const char NotUtf8 = '\uffff';

    public static byte[] Bytes(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        var marker = Encoding.UTF8.GetBytes(NotUtf8.ToString());
        var output = new List<byte>(bytes.Length);
        for (int i = 0; i < bytes.Length; i++)
        {
            if (bytes.AsSpan(i).StartsWith(marker))
            {
                output.Add(0xFF);
                i += marker.Length - 1;
            }
            else
            {
                output.Add(bytes[i]);
            }
        }
        return [.. output];
    }

    /// <summary>Whether the skeleton lets the input reach the plugin at all (it parses stdin first).</summary>
    public static bool ReachesPlugin(byte[] json)
    {
        try
        {
            _ = NetworkConfig.Parse(json);
            return true;
        }
        catch (CniException)
        {
            return false;
        }
    }

    public static string Old<T>(byte[] json, JsonTypeInfo<T> type) => Describe(() => JsonSerializer.Deserialize(json, type)!, type);

    public static string New<T>(byte[] json, Func<byte[], T> read, JsonTypeInfo<T> type) => Describe(() => read(json), type);

    private static string Describe<T>(Func<T> read, JsonTypeInfo<T> type)
    {
        try
        {
            return "value " + JsonSerializer.Serialize(read(), type);
        }
        catch (Exception e)
        {
            return $"{e.GetType().Name}: {e.Message}";
        }
    }

    /// <summary>Compares every input that reaches the plugin; returns how many did, and the first differences.</summary>
    public static (int Compared, List<string> Differences) Compare<T>(IEnumerable<string> texts, Func<byte[], T> read, JsonTypeInfo<T> type)
    {
        int compared = 0;
        var differences = new List<string>();
        foreach (var text in texts)
        {
            var json = Bytes(text);
            if (!ReachesPlugin(json))
            {
                continue;
            }
            compared++;
            var (old, now) = (Old(json, type), New(json, read, type));
            if (old != now && differences.Count < 20)
            {
                differences.Add($"input: {text}\n  old: {old}\n  new: {now}");
            }
        }
        return (compared, differences);
    }
}
