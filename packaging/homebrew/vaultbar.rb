# Homebrew cask for the released Vaultbar.app (the zip `make zip` builds on a Mac, signed and
# notarized). This file is the template: `make cask` stamps the version and the zip's sha256
# into dist/vaultbar.rb, which goes to the tap. Install: brew install --cask vaultbar/tap/vaultbar
cask "vaultbar" do
  version "0.0.0"
  sha256 "0000000000000000000000000000000000000000000000000000000000000000"

  url "https://github.com/vaultbar/vaultbar/releases/download/v#{version}/Vaultbar-#{version}.zip"
  name "Vaultbar"
  desc "Menu-bar app for AWS credentials, compatible with aws-vault"
  homepage "https://github.com/vaultbar/vaultbar"

  livecheck do
    url :url
    strategy :github_latest
  end

  depends_on macos: ">= :monterey"

  app "Vaultbar.app"
  binary "#{appdir}/Vaultbar.app/Contents/MacOS/vaultbar"

  uninstall quit:      "dev.vaultbar.Vaultbar",
            launchctl: "dev.vaultbar.Vaultbar"

  # Not the keychain: its items are aws-vault's too, and `vaultbar remove` / `clear` own them.
  zap trash: [
    "~/Library/Application Support/Vaultbar",
    "~/Library/Caches/vaultbar",
    "~/Library/LaunchAgents/dev.vaultbar.Vaultbar.plist",
  ]
end
