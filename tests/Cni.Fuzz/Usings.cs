global using Cni.Fuzz.Engine;
