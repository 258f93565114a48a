using System.Text;
using Cni.Plugins.Main.Bridge;
using Xunit;

namespace Cni.Plugins.Tests.Unit;

public class BridgeConfigTests
{
    [Theory]
    [InlineData("{\"cniVersion\":\"1.0.0\",\"name\":\"x\",\"type\":\"bridge\",\"ipam\":{}}")]
    [InlineData("{\"name\":\"x\"}")]
    public void Missing_bridge_name_defaults_to_cni0(string json) =>
        Assert.Equal("cni0", BridgeConfigReader.Read(Encoding.UTF8.GetBytes(json)).BrName);
}
