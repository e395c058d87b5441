"""Xinfang (智慧信访): petition case platform under the 2022 《信访工作条例》."""
