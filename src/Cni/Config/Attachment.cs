namespace Cni;

/// <summary>An attachment, as GC's <c>cni.dev/valid-attachments</c> lists it.</summary>
public sealed record Attachment(string ContainerId, string IfName);
