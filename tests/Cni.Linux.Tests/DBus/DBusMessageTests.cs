using Cni.Linux.DBus;

namespace Cni.Linux.Tests.DBus;

public sealed class DBusMessageTests
{
    [Fact]
    public void Method_call_encodes_byte_exact_like_libdbus()
    {
        var message = DBusMessage.MethodCall(2, "org.fedoraproject.FirewallD1", "/org/fedoraproject/FirewallD1",
            "org.fedoraproject.FirewallD1.zone", "addSource", ["trusted", "198.18.0.5/32"]);
        Assert.Equal(DBusCaptures.AddSource, Convert.ToHexStringLower(message.Encode()));
    }

    [Fact]
    public void Libdbus_call_decodes_to_its_fields_and_arguments()
    {
        var bytes = DBusCaptures.Bytes(DBusCaptures.AddSource);
        Assert.Equal(bytes.Length, DBusMessage.TotalLength(bytes));
        var message = DBusMessage.Decode(bytes);
        Assert.Equal(DBusMessageType.MethodCall, message.Type);
        Assert.Equal(2u, message.Serial);
        Assert.Equal("/org/fedoraproject/FirewallD1", message.Path);
        Assert.Equal("org.fedoraproject.FirewallD1.zone", message.Interface);
        Assert.Equal("addSource", message.Member);
        Assert.Equal("org.fedoraproject.FirewallD1", message.Destination);
        Assert.Equal("ss", message.Signature);
        Assert.Equal(["trusted", "198.18.0.5/32"], message.ReadBody());
    }

    [Fact]
    public void Libdbus_hello_decodes_whatever_the_field_order()
    {
        var message = DBusMessage.Decode(DBusCaptures.Bytes(DBusCaptures.Hello));
        Assert.Equal(1u, message.Serial);
        Assert.Equal("Hello", message.Member);
        Assert.Equal("org.freedesktop.DBus", message.Interface);
        Assert.Equal("org.freedesktop.DBus", message.Destination);
        Assert.Equal("/org/freedesktop/DBus", message.Path);
        Assert.Equal("", message.Signature);
        Assert.Empty(message.ReadBody());
    }

    [Fact]
    public void Error_reply_carries_name_reply_serial_and_text()
    {
        var message = DBusMessage.Decode(DBusCaptures.Bytes(DBusCaptures.InvalidZoneError));
        Assert.Equal(DBusMessageType.Error, message.Type);
        Assert.Equal(DBusMessage.NoReplyExpected, message.Flags);
        Assert.Equal(7u, message.Serial);
        Assert.Equal(2u, message.ReplySerial);
        Assert.Equal("org.fedoraproject.FirewallD1.Exception", message.ErrorName);
        Assert.Equal(":1.0", message.Sender);
        Assert.Equal(["INVALID_ZONE: nonexist"], message.ReadBody());
    }

    [Fact]
    public void Boolean_return_decodes()
    {
        var message = DBusMessage.Decode(DBusCaptures.Bytes(DBusCaptures.BooleanReturn));
        Assert.Equal(DBusMessageType.MethodReturn, message.Type);
        Assert.Equal(3u, message.ReplySerial);
        Assert.Equal([true], message.ReadBody());
    }

    [Fact]
    public void Reply_we_encode_decodes_back()
    {
        var reply = new DBusMessage
        {
            Type = DBusMessageType.Error,
            Serial = 5,
            ReplySerial = 4,
            ErrorName = "org.freedesktop.DBus.Error.ServiceUnknown",
            Destination = ":1.9",
            Signature = "s",
            Body = Encoded("not here"),
        };
        var back = DBusMessage.Decode(reply.Encode());
        Assert.Equal(4u, back.ReplySerial);
        Assert.Equal("org.freedesktop.DBus.Error.ServiceUnknown", back.ErrorName);
        Assert.Equal(["not here"], back.ReadBody());
    }

    [Fact]
    public void Arrays_pad_to_their_elements_and_read_back()
    {
        var w = new DBusWriter();
        w.WriteByte(7);
        w.WriteValue(new[] { "a", "bc" });
        w.WriteValue(Array.Empty<string>());
        w.WriteValue(true);
        // byte, 3 pad, length 15, "a"(4+2, pad 2), "bc"(4+3), pad 1, empty array length 0, boolean 1.
        Assert.Equal("07000000" + "0f000000" + "010000006100" + "0000" + "02000000626300" + "00" + "00000000" + "01000000",
            Convert.ToHexStringLower(w.Written));
        var r = new DBusReader(w.Written, bigEndian: false, position: 0);
        Assert.Equal([(byte)7, new object[] { "a", "bc" }, Array.Empty<object>(), true], r.ReadValues("yasasb"));
    }

    [Fact]
    public void Structs_variants_and_dicts_read()
    {
        // a{sv} with one entry "k" -> variant u 5, then (iy): -2, 9.
        var hex = "10000000" + "00000000" + "010000006b00" + "017500" + "000000" + "05000000" + "feffffff" + "09";
        var r = new DBusReader(Convert.FromHexString(hex), bigEndian: false, position: 0);
        var values = r.ReadValues("a{sv}(iy)");
        Assert.Equal(new object[] { new object[] { new object[] { "k", 5u } }, new object[] { -2, (byte)9 } }, values);
    }

    [Fact]
    public void Big_endian_messages_decode()
    {
        // 'B', METHOD_RETURN, fields: reply serial 3, signature "b" (15 bytes, 1 pad), body true.
        var message = DBusMessage.Decode(Convert.FromHexString(
            "42020001" + "00000004" + "00000009" + "0000000f" + "0501750000000003" + "08016700016200" + "00" + "00000001"));
        Assert.Equal(9u, message.Serial);
        Assert.Equal(3u, message.ReplySerial);
        Assert.Equal([true], message.ReadBody());
    }

    [Theory]
    [InlineData(10)]
    [InlineData(40)]
    public void Truncated_message_is_refused(int keep)
    {
        var bytes = DBusCaptures.Bytes(DBusCaptures.AddSource)[..keep];
        Assert.Throws<DBusException>(() => DBusMessage.Decode(bytes));
    }

    [Fact]
    public void Every_single_byte_corruption_is_parsed_or_refused_with_a_dbus_error()
    {
        int parsed = 0, refused = 0;
        foreach (var capture in new[] { DBusCaptures.AddSource, DBusCaptures.InvalidZoneError, DBusCaptures.BooleanReturn, DBusCaptures.Hello })
        {
            var original = DBusCaptures.Bytes(capture);
            for (var i = 0; i < original.Length; i++)
            {
                foreach (var value in new byte[] { 0x00, 0x01, 0x07, 0x61, 0x7f, 0x80, 0xff })
                {
                    var bytes = (byte[])original.Clone();
                    bytes[i] = value;
                    try
                    {
                        if (bytes.Length >= DBusMessage.PrefixLength && DBusMessage.TotalLength(bytes) == bytes.Length)
                        {
                            DBusMessage.Decode(bytes).ReadBody();
                            parsed++;
                            continue;
                        }
                    }
                    catch (DBusException)
                    {
                    }
                    refused++;
                }
            }
        }
        // Any other exception (index out of range, overflow) would have failed the test already.
        Assert.True(parsed > 0 && refused > 0, $"parsed {parsed}, refused {refused}");
    }

    private static byte[] Encoded(string s)
    {
        var w = new DBusWriter();
        w.WriteString(s);
        return w.Written.ToArray();
    }
}
