using Warble.Bench.Formats;

return args is ["large-gguf", var path] ? LargeGgufFile.Run(path) : 0;
